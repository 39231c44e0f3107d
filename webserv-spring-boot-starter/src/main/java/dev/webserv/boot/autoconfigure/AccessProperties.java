package dev.webserv.boot.autoconfigure;

/**
 * The property groups of nginx's header, authentication and rate-limit directives, shared
 * by {@code webserv.servers[]} and their locations.
 */
public final class AccessProperties {

	private AccessProperties() {
	}

	/** nginx's add_header name value [always]. */
	public static class AddHeader {

		/** Header name. */
		private String name;

		/** Header value. */
		private String value;

		/**
		 * Whether to add it to every response; otherwise only to 200, 201, 204, 206, 301,
		 * 302, 303, 304, 307 and 308.
		 */
		private boolean always;

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getValue() {
			return value;
		}

		public void setValue(String value) {
			this.value = value;
		}

		public boolean isAlways() {
			return always;
		}

		public void setAlways(boolean always) {
			this.always = always;
		}

	}

	/** nginx's auth_basic and auth_basic_user_file. */
	public static class AuthBasic {

		/** Realm named in WWW-Authenticate. */
		private String realm = "Restricted";

		/**
		 * htpasswd file with bcrypt ($2y$) or {SHA} entries, re-read when it changes; or
		 * classpath:/file (inside a jar: read once).
		 */
		private String userFile;

		public String getRealm() {
			return realm;
		}

		public void setRealm(String realm) {
			this.realm = realm;
		}

		public String getUserFile() {
			return userFile;
		}

		public void setUserFile(String userFile) {
			this.userFile = userFile;
		}

	}

	/** nginx's limit_req zone=... burst=... [nodelay] with limit_req_status. */
	public static class LimitReq {

		/** Name of a zone in the server's limit-req-zones. */
		private String zone;

		/** Requests over the rate let through (delayed, or at once with nodelay). */
		private int burst;

		/** Whether requests within the burst are served at once rather than delayed. */
		private boolean nodelay;

		/** Status of a refused request (nginx uses 503). */
		private int status = 429;

		public String getZone() {
			return zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public int getBurst() {
			return burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

		public boolean isNodelay() {
			return nodelay;
		}

		public void setNodelay(boolean nodelay) {
			this.nodelay = nodelay;
		}

		public int getStatus() {
			return status;
		}

		public void setStatus(int status) {
			this.status = status;
		}

	}

	/** nginx's limit_conn zone max with limit_conn_status. */
	public static class LimitConn {

		/** Name of a zone in the server's limit-conn-zones. */
		private String zone;

		/** Requests in progress allowed per client address. */
		private int max;

		/** Status of a refused request (nginx uses 503). */
		private int status = 429;

		public String getZone() {
			return zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public int getMax() {
			return max;
		}

		public void setMax(int max) {
			this.max = max;
		}

		public int getStatus() {
			return status;
		}

		public void setStatus(int status) {
			this.status = status;
		}

	}

	/** nginx's limit_req_zone / limit_conn_zone: a table of client addresses. */
	public static class Zone {

		/** Rate, "10r/s" or "30r/m" (limit-req-zones only). */
		private String rate;

		/** Client addresses remembered at most (the oldest is forgotten). */
		private int size = 10000;

		public String getRate() {
			return rate;
		}

		public void setRate(String rate) {
			this.rate = rate;
		}

		public int getSize() {
			return size;
		}

		public void setSize(int size) {
			this.size = size;
		}

	}

}
