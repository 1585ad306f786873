package ai.elms.gateway.teams;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who made a request: a team's key, or the admin.
 *
 * @param teamId the team, null for the admin
 * @param keyId the key, null for the admin
 */
public record Caller(String teamId, String keyId) {

	static final String ATTRIBUTE = Caller.class.getName();

	static final Caller ADMIN = new Caller(null, null);

	public boolean admin() {
		return this.teamId == null;
	}

	/** The caller the authentication filter found for an exchange. */
	public static Caller of(ServerWebExchange exchange) {
		Caller caller = exchange.getAttribute(ATTRIBUTE);
		if (caller == null) {
			throw new IllegalStateException("no authenticated caller on " + exchange.getRequest().getPath());
		}
		return caller;
	}

}
