#!/bin/sh
# Starts a child, records its pid in slow.pid (in the script's directory, the working directory), then
# waits forever without answering: only the CGI timeout ends it.
sleep 300 &
echo $! > slow.pid.tmp && mv slow.pid.tmp slow.pid
wait
