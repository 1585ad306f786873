package ai.elms.engine.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The safetensors container (8-byte little-endian header length, JSON header, raw
 * little-endian data). Reading maps each tensor from the file, so the weights are shared
 * with the page cache and never copied onto the Java heap.
 */
public final class SafeTensors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SafeTensors() {
	}

	/**
	 * A float32 tensor mapped from a file; {@code data} is a direct, read-only buffer.
	 */
	public record Tensor(String name, long[] shape, FloatBuffer data) {

		/** The first {@code rows} rows, as a view over the same memory. */
		public FloatBuffer rows(int rows) {
			long rowSize = 1;
			for (int i = 1; i < this.shape.length; i++) {
				rowSize *= this.shape[i];
			}
			return this.data.slice(0, Math.toIntExact(rows * rowSize));
		}

	}

	/** Maps every tensor of a file. Only float32 tensors are supported. */
	public static Map<String, Tensor> map(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, lengthBytes, 0);
			long headerLength = lengthBytes.flip().getLong();
			if (headerLength <= 0 || headerLength > 100_000_000 || 8 + headerLength > channel.size()) {
				throw new IOException(file + " is not a safetensors file");
			}
			ByteBuffer header = ByteBuffer.allocate((int) headerLength);
			readFully(channel, header, 8);
			JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
			long dataStart = 8 + headerLength;
			Map<String, Tensor> tensors = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : root.properties()) {
				if (entry.getKey().equals("__metadata__")) {
					continue;
				}
				JsonNode node = entry.getValue();
				if (!"F32".equals(node.get("dtype").asString())) {
					throw new IOException("tensor " + entry.getKey() + " is " + node.get("dtype").asString()
							+ "; only F32 is supported");
				}
				long[] shape = new long[node.get("shape").size()];
				long count = 1;
				for (int i = 0; i < shape.length; i++) {
					shape[i] = node.get("shape").get(i).asLong();
					count *= shape[i];
				}
				long begin = node.get("data_offsets").get(0).asLong();
				long end = node.get("data_offsets").get(1).asLong();
				if (end - begin != count * Float.BYTES || dataStart + end > channel.size()) {
					throw new IOException("tensor " + entry.getKey() + " has inconsistent offsets");
				}
				FloatBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin)
					.order(ByteOrder.LITTLE_ENDIAN)
					.asFloatBuffer();
				tensors.put(entry.getKey(), new Tensor(entry.getKey(), shape, data));
			}
			return tensors;
		}
	}

	/**
	 * A tensor to write; its data is asked for only when it is written, so a large file
	 * never needs all its tensors in memory at once.
	 */
	public record Entry(String name, long[] shape, java.util.function.Supplier<FloatBuffer> data) {

		long bytes() {
			long count = Float.BYTES;
			for (long dim : this.shape) {
				count *= dim;
			}
			return count;
		}

	}

	/**
	 * Writes float32 tensors in the given order. The file is written aside and moved into
	 * place, so a process that has the old file mapped keeps reading the old weights.
	 */
	public static void write(Path file, List<Entry> tensors) throws IOException {
		ObjectNode header = JSON.createObjectNode();
		long offset = 0;
		for (Entry tensor : tensors) {
			ObjectNode node = header.putObject(tensor.name());
			node.put("dtype", "F32");
			var shape = node.putArray("shape");
			for (long dim : tensor.shape()) {
				shape.add(dim);
			}
			long bytes = tensor.bytes();
			node.putArray("data_offsets").add(offset).add(offset + bytes);
			offset += bytes;
		}
		byte[] json = JSON.writeValueAsBytes(header);
		int padded = (json.length + 7) / 8 * 8;
		ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
		prefix.putLong(padded).put(json);
		while (prefix.hasRemaining()) {
			prefix.put((byte) ' ');
		}
		Path partial = file.resolveSibling(file.getFileName() + ".partial");
		try (OutputStream out = Files.newOutputStream(partial)) {
			out.write(prefix.array());
			ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
			for (Entry tensor : tensors) {
				FloatBuffer data = tensor.data().get();
				if ((long) data.remaining() * Float.BYTES != tensor.bytes()) {
					throw new IOException("tensor " + tensor.name() + " has the wrong number of values");
				}
				while (data.hasRemaining()) {
					chunk.clear();
					while (data.hasRemaining() && chunk.remaining() >= Float.BYTES) {
						chunk.putFloat(data.get());
					}
					out.write(chunk.array(), 0, chunk.position());
				}
			}
		}
		Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, position + buffer.position());
			if (read < 0) {
				throw new IOException("unexpected end of file");
			}
		}
	}

}
