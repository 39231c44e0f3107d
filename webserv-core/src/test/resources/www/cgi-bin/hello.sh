#!/bin/sh
# The smallest document response.
printf 'Content-Type: text/plain\r\n'
printf 'X-Script: hello\r\n'
printf '\r\n'
printf 'Hello from sh\n'
