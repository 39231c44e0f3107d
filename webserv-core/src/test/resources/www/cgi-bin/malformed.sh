#!/bin/sh
# Output without a header section: not CGI.
echo "this is not a header"
echo "<html>oops</html>"
