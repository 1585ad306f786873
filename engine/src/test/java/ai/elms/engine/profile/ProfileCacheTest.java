package ai.elms.engine.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileCacheTest {

	@TempDir
	Path directory;

	private final LatencyProfile profile = Profiles.threeLevels();

	private ProfileCache.Key key() {
		return new ProfileCache.Key(Profiles.DEVICE, "abc123", 2, List.of(16, 64, 256), List.of(0.2, 0.6, 1.0));
	}

	@Test
	void findsStoredProfile() throws IOException {
		ProfileCache cache = new ProfileCache(this.directory.resolve("profiles"));
		Path file = cache.store(this.profile);
		assertThat(file).isRegularFile().hasParent(this.directory.resolve("profiles"));
		assertThat(cache.find(key())).contains(this.profile);
	}

	@Test
	void findsNothingInEmptyFolder() {
		assertThat(new ProfileCache(this.directory).find(key())).isEmpty();
	}

	@Test
	void keysByDevicePackageThreadsBucketsAndLevels() throws IOException {
		ProfileCache cache = new ProfileCache(this.directory);
		cache.store(this.profile);
		ProfileCache.Key key = key();
		assertThat(cache.find(new ProfileCache.Key(new DeviceIdentity("Other CPU", 4), key.packageHash(), key.threads(),
				key.buckets(), key.levelShares())))
			.isEmpty();
		assertThat(cache.find(new ProfileCache.Key(new DeviceIdentity("Test CPU", 8), key.packageHash(), key.threads(),
				key.buckets(), key.levelShares())))
			.isEmpty();
		assertThat(cache
			.find(new ProfileCache.Key(key.device(), "def456", key.threads(), key.buckets(), key.levelShares())))
			.isEmpty();
		assertThat(
				cache.find(new ProfileCache.Key(key.device(), key.packageHash(), 1, key.buckets(), key.levelShares())))
			.isEmpty();
		assertThat(cache.find(new ProfileCache.Key(key.device(), key.packageHash(), key.threads(), List.of(16, 64),
				key.levelShares())))
			.isEmpty();
		assertThat(cache
			.find(new ProfileCache.Key(key.device(), key.packageHash(), key.threads(), key.buckets(), List.of(1.0))))
			.isEmpty();
	}

	@Test
	void ignoresCorruptFile() throws IOException {
		ProfileCache cache = new ProfileCache(this.directory);
		Files.writeString(cache.file(key()), "{not json");
		assertThat(cache.find(key())).isEmpty();
		cache.store(this.profile);
		assertThat(cache.find(key())).contains(this.profile);
	}

	@Test
	void ignoresFileMeasuredUnderOtherConditions() throws IOException {
		ProfileCache cache = new ProfileCache(this.directory);
		Path stored = cache.store(this.profile);
		ProfileCache.Key other = new ProfileCache.Key(Profiles.DEVICE, "zzz", 2, List.of(16, 64, 256),
				List.of(0.2, 0.6, 1.0));
		Files.copy(stored, cache.file(other));
		assertThat(cache.find(other)).isEmpty();
	}

}
