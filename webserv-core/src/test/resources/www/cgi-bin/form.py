#!/usr/bin/env python3
# Greets the name posted by the form in index.html.
import html
import os
import sys
from urllib.parse import parse_qs

length = int(os.environ.get("CONTENT_LENGTH") or 0)
fields = parse_qs(sys.stdin.read(length)) if length else parse_qs(os.environ.get("QUERY_STRING", ""))
name = fields.get("name", ["stranger"])[0]
print("Content-Type: text/html; charset=utf-8")
print()
print("<!DOCTYPE html><html><head><title>Hello</title></head><body><p>Hello, "
      + html.escape(name) + "!</p></body></html>")
