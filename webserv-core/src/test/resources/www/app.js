console.log("webserv");
