#!/usr/bin/env python3
# A local redirect by default; ?client for a client redirect.
import os

if os.environ.get("QUERY_STRING") == "client":
    print("Location: http://example.com/elsewhere")
else:
    print("Location: /docs/readme.txt")
print()
