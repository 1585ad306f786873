package ai.elms.gateway.proxy;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * Bytes gathered from Netty's buffers into one growing array: a request's body, a node's
 * refusal, an answer read for its record. Not thread-safe.
 */
final class ByteArray {

	private byte[] bytes;

	private int length;

	ByteArray(int capacity) {
		this.bytes = new byte[Math.max(capacity, 16)];
	}

	/**
	 * Appends the first {@code count} readable bytes, leaving the buffer's index as it
	 * is.
	 */
	void append(ByteBuf buffer, int count) {
		if (this.length + count > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + count));
		}
		buffer.getBytes(buffer.readerIndex(), this.bytes, this.length, count);
		this.length += count;
	}

	int length() {
		return this.length;
	}

	/** The array the bytes are in: its first {@link #length()} bytes. */
	byte[] array() {
		return this.bytes;
	}

	/** The bytes in an array of their own length: the one they are in, when it fits. */
	byte[] toArray() {
		return (this.length == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.length);
	}

	/** Drops the first {@code count} bytes. */
	void drop(int count) {
		System.arraycopy(this.bytes, count, this.bytes, 0, this.length - count);
		this.length -= count;
	}

}
