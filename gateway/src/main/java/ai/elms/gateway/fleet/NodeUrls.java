package ai.elms.gateway.fleet;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a node's base URL before the gateway ever calls it: http or https, a host the
 * settings allow, no user info, query or fragment, no path. The gateway then calls only
 * the node API's own paths on it, so a registered URL cannot turn it against other
 * addresses.
 */
public final class NodeUrls {

	private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	private NodeUrls() {
	}

	/**
	 * The normalized base URL ({@code scheme://host:port}, lower case, no trailing
	 * slash).
	 * @param allowedHosts host names, or {@code *.suffix} patterns
	 * @throws IllegalArgumentException with what is wrong
	 */
	public static URI check(String url, Collection<String> allowedHosts) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new IllegalArgumentException("not a URL: '" + url + "'");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException("a node URL must be http or https: '" + url + "'");
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : null;
		if (host == null || host.isEmpty()) {
			throw new IllegalArgumentException("a node URL needs a host: '" + url + "'");
		}
		if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
				|| (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
			throw new IllegalArgumentException(
					"a node URL is scheme, host and port only, no user, path, query or fragment: '" + url + "'");
		}
		if (!allowed(host, allowedHosts)) {
			throw new IllegalArgumentException(
					"host '" + host + "' is not among the hosts nodes may be registered at (elms.gateway.node-hosts)");
		}
		int port = (uri.getPort() > 0) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		return URI.create(
				scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port);
	}

	static boolean allowed(String host, Collection<String> allowedHosts) {
		if (LOOPBACK.contains(host)) {
			return true;
		}
		for (String pattern : allowedHosts) {
			String p = pattern.strip().toLowerCase(Locale.ROOT);
			if (p.startsWith("*.") ? host.endsWith(p.substring(1)) && host.length() > p.length() - 1 : host.equals(p)) {
				return true;
			}
		}
		return false;
	}

}
