#!/bin/sh
# A local redirect to itself: the server must break the loop.
printf 'Location: /cgi-bin/loop.sh\n\n'
