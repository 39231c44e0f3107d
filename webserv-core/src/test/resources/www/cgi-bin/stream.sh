#!/bin/sh
# A body of unknown length: 2000 numbered lines.
printf 'Content-Type: text/plain\n\n'
i=1
while [ $i -le 2000 ]; do
  echo "line $i"
  i=$((i + 1))
done
