#!/bin/sh
# Runs without an interpreter: the location maps .cgi to "", so the kernel reads this shebang.
printf 'Content-Type: text/plain\n\nran directly\n'
