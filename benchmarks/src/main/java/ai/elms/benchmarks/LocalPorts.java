package ai.elms.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports on this machine for the servers a benchmark starts. */
public final class LocalPorts {

	private LocalPorts() {
	}

	/** A port nothing listens on now. */
	public static int free() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
