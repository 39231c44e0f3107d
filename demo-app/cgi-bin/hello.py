#!/usr/bin/env python3
# A CGI script: the request arrives in environment variables (and the body on stdin), the response
# leaves on stdout as header lines, a blank line, then the body.
import os
import sys
from urllib.parse import parse_qs

query = parse_qs(os.environ.get("QUERY_STRING", ""))
name = query.get("name", ["World"])[0]
length = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(length) if length else b""

sys.stdout.write("Content-Type: text/plain; charset=utf-8\r\n\r\n")
sys.stdout.write(f"Hello, {name}, from CGI!\n")
sys.stdout.write(f"method={os.environ.get('REQUEST_METHOD')} script={os.environ.get('SCRIPT_NAME')}\n")
if body:
    sys.stdout.write(f"received {len(body)} bytes\n")
