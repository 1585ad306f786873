package ai.elms.lab.tasks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hashes that never change between runs, JVMs or versions: SHA-256 of the text. */
final class StableHash {

	private StableHash() {
	}

	/** The first 64 bits of SHA-256 of {@code purpose + "\0" + text}. */
	static long of(String purpose, String text) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(purpose.getBytes(StandardCharsets.UTF_8));
			sha.update((byte) 0);
			return ByteBuffer.wrap(sha.digest(text.getBytes(StandardCharsets.UTF_8))).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	/** The hash as a number in [0, 1). */
	static double unit(String purpose, String text) {
		return (of(purpose, text) >>> 11) * 0x1.0p-53;
	}

}
