#!/bin/sh
# Answers without reading its (large) request body.
printf 'Content-Type: text/plain\n\nignored the body\n'
