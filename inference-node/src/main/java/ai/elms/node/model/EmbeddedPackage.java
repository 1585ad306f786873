package ai.elms.node.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import ai.elms.engine.TinyModel;

/**
 * The default package the build embeds in the node's classpath under
 * {@code default-model/}. The engine maps weights from a file, so it is unpacked to a
 * folder named by its content hash: a second start reuses the folder, a rebuilt package
 * gets a new one.
 */
final class EmbeddedPackage {

	static final String LOCATION = "default-model/";

	static final List<String> FILES = List.of("manifest.json", "tokenizer.json", "weights.safetensors");

	/** The tiny model's files: embedded with the package when it has one. */
	static final List<String> OPTIONAL_FILES = List.of(TinyModel.CONFIG_FILE, TinyModel.MODEL_FILE);

	private EmbeddedPackage() {
	}

	static Path unpack(Path packagesDir) throws IOException {
		Files.createDirectories(packagesDir);
		Path unpacking = Files.createTempDirectory(packagesDir, ".unpacking-");
		try {
			MessageDigest digest = sha256();
			ClassLoader classLoader = EmbeddedPackage.class.getClassLoader();
			for (String file : FILES) {
				if (!copy(classLoader, file, unpacking, digest)) {
					throw new IOException("the node was built without an embedded package (" + LOCATION + file
							+ " is missing): build it with Maven or set elms.model");
				}
			}
			for (String file : OPTIONAL_FILES) {
				copy(classLoader, file, unpacking, digest);
			}
			Path target = packagesDir.resolve("default-" + HexFormat.of().formatHex(digest.digest(), 0, 8));
			if (!Files.isDirectory(target)) {
				moveIntoPlace(unpacking, target);
			}
			return target;
		}
		finally {
			deleteRecursively(unpacking);
		}
	}

	/** Copies an embedded file into a folder, if the build embedded it. */
	private static boolean copy(ClassLoader classLoader, String file, Path dir, MessageDigest digest)
			throws IOException {
		try (InputStream resource = classLoader.getResourceAsStream(LOCATION + file)) {
			if (resource == null) {
				return false;
			}
			digest.update(file.getBytes(StandardCharsets.UTF_8));
			Files.copy(new DigestInputStream(resource, digest), dir.resolve(file));
			return true;
		}
	}

	private static void moveIntoPlace(Path unpacking, Path target) throws IOException {
		try {
			Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			// another node on this machine unpacked the same package first
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(unpacking, target);
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
