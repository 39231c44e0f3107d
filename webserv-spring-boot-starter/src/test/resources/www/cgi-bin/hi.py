#!/usr/bin/env python3
import os
print("Content-Type: text/plain\r\n\r\nhi from " + os.environ.get("SCRIPT_NAME", "?"), end="")
