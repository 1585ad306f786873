package ai.elms.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node that misbehaves, for the failure tests: it looks like a node to the gateway's
 * polls (ready, a latency profile ten times faster than a real node's, so that routing
 * picks it first), then answers completions with a 500, never answers, or breaks off a
 * stream after its first events.
 */
final class FaultyNode implements AutoCloseable {

	enum Fault {

		/** Answers 500. */
		ERROR,

		/** Never answers. */
		HANG,

		/** Streams two events, then closes the connection. */
		BREAK

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger completions = new AtomicInteger();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final Fault fault;

	private final String profile;

	FaultyNode(Fault fault, URI realNode) throws IOException, InterruptedException {
		this.fault = fault;
		this.profile = fasterProfile(realNode);
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	/** Completion requests it received. */
	int completions() {
		return this.completions.get();
	}

	@Override
	public void close() throws IOException {
		this.stopped.countDown();
		this.server.close();
		this.threads.shutdownNow();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.threads.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	/** One request per connection, HTTP/1.1 with Connection: close. */
	private void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			String path = head.split(" ", 3)[1];
			Matcher length = CONTENT_LENGTH.matcher(head);
			if (length.find()) {
				in.readNBytes(Integer.parseInt(length.group(1)));
			}
			OutputStream out = socket.getOutputStream();
			if (path.startsWith("/actuator/health")) {
				respond(out, 200, "application/json", "{\"status\":\"UP\"}");
			}
			else if (path.startsWith("/actuator/prometheus")) {
				respond(out, 200, "text/plain", "");
			}
			else if (path.startsWith("/v1/elastic/profile")) {
				respond(out, 200, "application/json", this.profile);
			}
			else if (path.startsWith("/v1/models")) {
				respond(out, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"faulty\"}]}");
			}
			else {
				this.completions.incrementAndGet();
				switch (this.fault) {
					case ERROR -> respond(out, 500, "application/json",
							"{\"error\":{\"message\":\"out of memory\",\"type\":\"server_error\"}}");
					case HANG -> this.stopped.await();
					case BREAK -> {
						out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
								+ "Transfer-Encoding: chunked\r\n\r\n")
							.getBytes(StandardCharsets.US_ASCII));
						for (String token : new String[] { "Hel", "lo" }) {
							byte[] event = ("data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\","
									+ "\"model\":\"faulty\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + token
									+ "\"}}]}\n\n")
								.getBytes(StandardCharsets.UTF_8);
							out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
							out.write(event);
							out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
							out.flush();
						}
						// dies: the connection closes before the stream's last chunk
						socket.setSoLinger(true, 0);
					}
				}
			}
		}
		catch (IOException ex) {
			// the gateway went away
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0) {
			head.append((char) c);
			if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
				break;
			}
		}
		return head.toString();
	}

	private static void respond(OutputStream out, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
				+ "\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.flush();
	}

	private static String fasterProfile(URI realNode) throws IOException, InterruptedException {
		String text = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(realNode.resolve("/v1/elastic/profile")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		ObjectNode profile = (ObjectNode) JSON.readTree(text);
		for (JsonNode row : profile.get("ttft_ms")) {
			ArrayNode values = (ArrayNode) row;
			for (int i = 0; i < values.size(); i++) {
				values.set(i, values.get(i).asDouble() / 10);
			}
		}
		ArrayNode tpot = (ArrayNode) profile.get("tpot_ms");
		for (int i = 0; i < tpot.size(); i++) {
			tpot.set(i, tpot.get(i).asDouble() / 10);
		}
		return JSON.writeValueAsString(profile);
	}

}
