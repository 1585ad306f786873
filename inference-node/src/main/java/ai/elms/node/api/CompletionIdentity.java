package ai.elms.node.api;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import ai.elms.node.model.LoadedModel;

/**
 * What every chunk of one completion repeats.
 *
 * @param id {@code chatcmpl-...} or {@code cmpl-...}
 * @param created Unix seconds at arrival
 * @param model the served model id
 * @param systemFingerprint the package that answered
 */
record CompletionIdentity(String id, long created, String model, String systemFingerprint) {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	static CompletionIdentity of(String prefix, LoadedModel model) {
		StringBuilder id = new StringBuilder(prefix);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 24; i++) {
			id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return new CompletionIdentity(id.toString(), Instant.now().getEpochSecond(), model.name(), model.fingerprint());
	}

}
