package ai.elms.engine.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import ai.elms.engine.ElasticLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency profiles stored as JSON files, one per device, package, threads, buckets and
 * levels, so that a node measures a package on a device once.
 */
public final class ProfileCache {

	private static final Logger logger = LoggerFactory.getLogger(ProfileCache.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Path directory;

	public ProfileCache(Path directory) {
		this.directory = directory;
	}

	/** The default folder, {@code ~/.cache/elms/profiles}. */
	public static Path defaultDirectory() {
		return Path.of(System.getProperty("user.home"), ".cache", "elms", "profiles");
	}

	/** A stored profile measured under exactly these conditions, if there is one. */
	public Optional<LatencyProfile> find(Key key) {
		Path file = file(key);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			LatencyProfile profile = json.readValue(Files.readAllBytes(file), LatencyProfile.class);
			if (key.matches(profile)) {
				return Optional.of(profile);
			}
			logger.info("Ignoring cached profile {}: measured under other conditions", file);
		}
		catch (IOException | JacksonException | IllegalArgumentException ex) {
			logger.warn("Ignoring unreadable cached profile {}: {}", file, ex.getMessage());
		}
		return Optional.empty();
	}

	/** Stores a profile, replacing one measured under the same conditions. */
	public Path store(LatencyProfile profile) throws IOException {
		Path file = file(Key.of(profile));
		Files.createDirectories(this.directory);
		Path temporary = Files.createTempFile(this.directory, "profile-", ".tmp");
		try {
			Files.write(temporary, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(profile));
			try {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
		return file;
	}

	Path file(Key key) {
		return this.directory.resolve("profile-" + key.digest() + ".json");
	}

	/**
	 * What a profile depends on.
	 *
	 * @param device the device
	 * @param packageHash the package
	 * @param threads intra-op threads
	 * @param buckets prompt lengths measured
	 * @param levelShares the levels measured, by share
	 */
	public record Key(DeviceIdentity device, String packageHash, int threads, List<Integer> buckets,
			List<Double> levelShares) {

		public Key {
			buckets = List.copyOf(buckets);
			levelShares = List.copyOf(levelShares);
		}

		static Key of(LatencyProfile profile) {
			return new Key(profile.device(), profile.packageHash(), profile.threads(), profile.buckets(),
					shares(profile.levels()));
		}

		static List<Double> shares(List<ElasticLevel> levels) {
			return levels.stream().map(ElasticLevel::share).toList();
		}

		boolean matches(LatencyProfile profile) {
			return equals(of(profile));
		}

		String digest() {
			String text = String.join("|", this.device.cpuModel(), Integer.toString(this.device.cores()),
					this.packageHash, Integer.toString(this.threads), this.buckets.toString(),
					this.levelShares.toString());
			try {
				byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
				return HexFormat.of().formatHex(hash, 0, 8);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
