#!/usr/bin/env python3
# Local redirect by default; ?client for a client redirect; ?loop to redirect to itself.
import os

query = os.environ.get("QUERY_STRING", "")
if query == "client":
    print("Location: http://example.com/elsewhere")
    print()
elif query == "loop":
    print("Location: /cgi-bin/redirect.py?loop")
    print()
else:
    print("Location: /docs/readme.txt")
    print()
