#!/bin/sh
# A Status field sets the response status.
printf 'Status: 418 I am a teapot\n'
printf 'Content-Type: text/plain\n'
printf '\n'
printf 'short and stout\n'
