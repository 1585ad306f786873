package ai.elms.lab.corpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.compress.compressors.z.ZCompressorInputStream;

/**
 * The King James Bible as bible-kjv-text installs it in {@code /usr/lib/bible.data}: the
 * "EC02 Compressed Data File" of Chip Chapin's Bible Retrieval System. A header names the
 * block size, the block count and the file offset of each block; every block is a Unix
 * {@code compress} (LZW, 16 bits, block mode) stream whose 3-byte magic is written only
 * before the first. Decompressed, the text is one verse a line, {@code Ge1:1 In the
 * beginning...}, books in canonical order.
 */
public final class KingJamesBible {

	private static final String MAGIC = "EC02";

	private static final int BLOCK_COUNT_AT = 88;

	private static final byte[] COMPRESS_MAGIC = { 0x1f, (byte) 0x9d, (byte) 0x90 };

	private static final Pattern VERSE = Pattern.compile("^(\\d?[A-Za-z]+)(\\d+):(\\d+) (.*)$");

	/**
	 * The 66 books in canonical order; the file's abbreviations come in the same order.
	 */
	static final List<String> BOOKS = List.of("Genesis", "Exodus", "Leviticus", "Numbers", "Deuteronomy", "Joshua",
			"Judges", "Ruth", "1 Samuel", "2 Samuel", "1 Kings", "2 Kings", "1 Chronicles", "2 Chronicles", "Ezra",
			"Nehemiah", "Esther", "Job", "Psalms", "Proverbs", "Ecclesiastes", "Song of Solomon", "Isaiah", "Jeremiah",
			"Lamentations", "Ezekiel", "Daniel", "Hosea", "Joel", "Amos", "Obadiah", "Jonah", "Micah", "Nahum",
			"Habakkuk", "Zephaniah", "Haggai", "Zechariah", "Malachi", "Matthew", "Mark", "Luke", "John", "Acts",
			"Romans", "1 Corinthians", "2 Corinthians", "Galatians", "Ephesians", "Philippians", "Colossians",
			"1 Thessalonians", "2 Thessalonians", "1 Timothy", "2 Timothy", "Titus", "Philemon", "Hebrews", "James",
			"1 Peter", "2 Peter", "1 John", "2 John", "3 John", "Jude", "Revelation");

	private KingJamesBible() {
	}

	/** One verse. */
	public record Verse(String book, int chapter, int verse, String text) {

		/** {@code John 3:16}. */
		public String reference() {
			return this.book + " " + this.chapter + ":" + this.verse;
		}

	}

	public static List<Verse> read(Path file) throws IOException {
		String text = decompress(Files.readAllBytes(file));
		Map<String, String> books = new LinkedHashMap<>();
		List<Verse> verses = new ArrayList<>(31_102);
		for (String line : text.split("\n")) {
			Matcher m = VERSE.matcher(line);
			if (!m.matches()) {
				continue; // the title line
			}
			String book = books.computeIfAbsent(m.group(1), (abbreviation) -> {
				if (books.size() >= BOOKS.size()) {
					throw new IllegalStateException(file + ": more than 66 books");
				}
				return BOOKS.get(books.size());
			});
			verses.add(new Verse(book, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4).trim()));
		}
		return verses;
	}

	static String decompress(byte[] data) throws IOException {
		if (data.length < BLOCK_COUNT_AT + 8
				|| !new String(data, 0, MAGIC.length(), StandardCharsets.US_ASCII).equals(MAGIC)) {
			throw new IOException("not an EC02 compressed Bible data file");
		}
		ByteBuffer header = ByteBuffer.wrap(data);
		int blocks = header.getInt(BLOCK_COUNT_AT);
		StringBuilder text = new StringBuilder();
		for (int b = 0; b < blocks; b++) {
			int from = header.getInt(BLOCK_COUNT_AT + 4 + 4 * b);
			int to = header.getInt(BLOCK_COUNT_AT + 8 + 4 * b);
			InputStream block = new SequenceInputStream(new ByteArrayInputStream(COMPRESS_MAGIC),
					new ByteArrayInputStream(data, from, to - from));
			try (InputStream in = new ZCompressorInputStream(block)) {
				text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
			}
		}
		return text.toString();
	}

}
