package ai.elms.gateway.teams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams and their keys. A key is shown once, when made; only its SHA-256 is stored. A
 * key's lookup is cached for a few seconds, so that a revocation reaches every gateway on
 * the database within that time.
 */
@Service
public class ApiKeys {

	private static final Duration CACHE = Duration.ofSeconds(5);

	private static final String KEY_PREFIX = "elms-";

	private final SecureRandom random = new SecureRandom();

	private final TeamRepository teams;

	private final ApiKeyRepository keys;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	ApiKeys(TeamRepository teams, ApiKeyRepository keys) {
		this.teams = teams;
		this.keys = keys;
	}

	/** A new team and its first key. */
	@Transactional
	public NewKey createTeam(String name) {
		if (this.teams.findByName(name).isPresent()) {
			throw new IllegalArgumentException("a team named '" + name + "' exists");
		}
		Team team = this.teams.save(new Team(UUID.randomUUID().toString(), name, Instant.now()));
		return newKey(team);
	}

	/** Another key for a team. */
	@Transactional
	public NewKey createKey(String teamId) {
		Team team = this.teams.findById(teamId)
			.orElseThrow(() -> new IllegalArgumentException("no team '" + teamId + "'"));
		return newKey(team);
	}

	/** Revokes a key; false when there is no such key. */
	@Transactional
	public boolean revoke(String keyId) {
		Optional<ApiKey> key = this.keys.findById(keyId);
		key.ifPresent((k) -> {
			k.revoke(Instant.now());
			this.cache.remove(k.keyHash());
		});
		return key.isPresent();
	}

	/** Every team with its keys. */
	@Transactional(readOnly = true)
	public List<TeamView> teams() {
		return this.teams.findAll()
			.stream()
			.sorted(java.util.Comparator.comparing(Team::createdAt))
			.map((team) -> new TeamView(team.id(), team.name(), team.createdAt(),
					this.keys.findByTeamIdOrderByCreatedAt(team.id())
						.stream()
						.map((k) -> new KeyView(k.id(), k.prefix(), k.createdAt(), k.revokedAt()))
						.toList()))
			.toList();
	}

	/** The caller a presented key belongs to, if it is a live key; off the event loop. */
	Mono<Optional<Caller>> authenticate(String key) {
		String hash = hash(key);
		Cached cached = this.cache.get(hash);
		if (cached != null && cached.until().isAfter(Instant.now())) {
			return Mono.just(cached.caller());
		}
		return Mono.fromCallable(() -> {
			Optional<Caller> caller = this.keys.findByKeyHash(hash)
				.filter((k) -> k.revokedAt() == null)
				.map((k) -> new Caller(k.teamId(), k.id()));
			this.cache.put(hash, new Cached(caller, Instant.now().plus(CACHE)));
			return caller;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private NewKey newKey(Team team) {
		byte[] secret = new byte[24];
		this.random.nextBytes(secret);
		String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		ApiKey saved = this.keys.save(new ApiKey(UUID.randomUUID().toString(), team.id(), hash(key),
				key.substring(0, KEY_PREFIX.length() + 6), Instant.now()));
		return new NewKey(team.id(), team.name(), saved.id(), saved.prefix(), key);
	}

	static String hash(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Cached(Optional<Caller> caller, Instant until) {
	}

	/**
	 * A key just made: the only time the key itself is shown.
	 *
	 * @param teamId its team
	 * @param team the team's name
	 * @param keyId the key's id, to revoke it
	 * @param prefix the key's first characters, that lists show
	 * @param key the key
	 */
	public record NewKey(String teamId, String team, String keyId, String prefix, String key) {
	}

	/** A team and its keys, as listed. */
	public record TeamView(String id, String name, Instant createdAt, List<KeyView> keys) {
	}

	/** A key, as listed: never the key itself. */
	public record KeyView(String id, String prefix, Instant createdAt, Instant revokedAt) {
	}

}
