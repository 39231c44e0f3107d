#!/usr/bin/env python3
# Echoes the request body back, CONTENT_LENGTH bytes of it.
import os
import sys

length = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(length)
sys.stdout.buffer.write(b"Content-Type: application/octet-stream\r\n")
sys.stdout.buffer.write(b"X-Body-Length: " + str(len(body)).encode() + b"\r\n\r\n")
sys.stdout.buffer.write(body)
