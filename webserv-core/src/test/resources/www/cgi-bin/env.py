#!/usr/bin/env python3
# Prints the working directory, then the CGI environment, one NAME=value line each, sorted.
import os
import sys

sys.stdout.write("Content-Type: text/plain; charset=utf-8\r\n\r\n")
sys.stdout.write("cwd=" + os.getcwd() + "\n")
for name in sorted(os.environ):
    sys.stdout.write(name + "=" + os.environ[name] + "\n")
