#!/bin/sh
# A script that announces its Content-Length.
printf 'Content-Type: text/plain\nContent-Length: 6\n\nsized\n'
