package ai.elms.lab.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A dictd database: {@code NAME.index} lists each headword with the offset and length of
 * its definition (numbers in dictd's base 64) in {@code NAME.dict.dz}, a dictzip file,
 * which any gzip reader decompresses whole. Entries come in file order, one per
 * definition; the {@code 00-database-*} entries describe the database and are left out.
 */
public final class DictdDatabase {

	private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	private DictdDatabase() {
	}

	/** A headword and its definition text as the database stores it. */
	public record Entry(String headword, String text) {
	}

	static Path indexFile(Path database) {
		return database.resolveSibling(database.getFileName() + ".index");
	}

	public static List<Entry> read(Path database) throws IOException {
		byte[] dict = dictionary(database);
		TreeMap<Long, String> headwordAt = new TreeMap<>();
		TreeMap<Long, Integer> lengthAt = new TreeMap<>();
		try (BufferedReader index = Files.newBufferedReader(indexFile(database), StandardCharsets.UTF_8)) {
			for (String line = index.readLine(); line != null; line = index.readLine()) {
				String[] f = line.split("\t");
				if (f.length < 3 || f[0].startsWith("00-database") || f[0].startsWith("00database")) {
					continue;
				}
				long offset = decode(f[1]);
				// several headwords may share one definition: keep the first listed
				headwordAt.putIfAbsent(offset, f[0]);
				lengthAt.putIfAbsent(offset, (int) decode(f[2]));
			}
		}
		List<Entry> entries = new ArrayList<>(headwordAt.size());
		headwordAt.forEach((offset, headword) -> {
			int length = lengthAt.get(offset);
			if (offset + length > dict.length) {
				throw new IllegalStateException(database + ": entry '" + headword + "' lies past the end of the data");
			}
			entries.add(new Entry(headword, new String(dict, Math.toIntExact(offset), length, StandardCharsets.UTF_8)));
		});
		return entries;
	}

	private static byte[] dictionary(Path database) throws IOException {
		Path plain = database.resolveSibling(database.getFileName() + ".dict");
		if (Files.isRegularFile(plain)) {
			return Files.readAllBytes(plain);
		}
		Path zipped = database.resolveSibling(database.getFileName() + ".dict.dz");
		try (InputStream in = new GZIPInputStream(Files.newInputStream(zipped), 1 << 16)) {
			return in.readAllBytes();
		}
	}

	/** dictd's base 64 number: most significant digit first. */
	static long decode(String digits) {
		long value = 0;
		for (int i = 0; i < digits.length(); i++) {
			int digit = BASE64.indexOf(digits.charAt(i));
			if (digit < 0) {
				throw new IllegalArgumentException("not a dictd number: '" + digits + "'");
			}
			value = value * 64 + digit;
		}
		return value;
	}

}
