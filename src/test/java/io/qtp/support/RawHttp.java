package io.qtp.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a fresh socket ({@code Connection: close}), byte for byte: what the fault, fuzz and
 * shutdown suites need and an HTTP client library hides (malformed requests, which side closed, how many bytes
 * came back). Written by hand because no client sends deliberately broken requests.
 */
public final class RawHttp {

    /** A parsed response; {@code complete} when the body has the length the headers announce. */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean complete) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The server answered nothing: {@code bytes} is how much came back before the connection ended. */
    public static final class NoResponse extends IOException {
        public final int bytes;

        NoResponse(String message, int bytes) {
            super(message);
            this.bytes = bytes;
        }
    }

    private RawHttp() {
    }

    public static byte[] request(String method, String path, String contentType, byte[] body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (contentType != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return head;
        }
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    public static byte[] postJson(String path, String json) {
        return request("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the raw bytes and reads the whole answer. Throws {@link java.net.ConnectException} when the connection
     * is refused or reset before it was established, {@link java.net.SocketTimeoutException} when no answer completes within {@code timeoutMs}, and
     * {@link NoResponse} when the connection ends before a status line and headers arrived.
     */
    public static Response exchange(int port, byte[] raw, int timeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            } catch (java.net.SocketException e) {
                // Refused, or reset during the handshake (a listener closing while the connection was being set up):
                // either way the connection was never established and nothing was sent.
                throw e instanceof java.net.ConnectException c ? c
                        : (java.net.ConnectException) new java.net.ConnectException("not connected: " + e.getMessage()).initCause(e);
            }
            s.setSoTimeout(timeoutMs);
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            try {
                s.getOutputStream().write(raw);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // The server may answer (413, 400) and close before it has read everything: read what it said.
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    buf.write(chunk, 0, n);
                    if (System.nanoTime() > deadline) {
                        throw new java.net.SocketTimeoutException("answer not complete within " + timeoutMs + " ms");
                    }
                }
            } catch (java.net.SocketException e) {
                if (buf.size() == 0) {
                    throw new NoResponse("connection ended without an answer: " + e.getMessage(), 0);
                }
            }
            return parse(buf.toByteArray());
        }
    }

    static Response parse(byte[] bytes) throws NoResponse {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new NoResponse("no complete status line and headers (" + bytes.length + " bytes)", bytes.length);
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        String length = headers.get("content-length");
        boolean complete;
        if (length != null) {
            complete = body.length == Integer.parseInt(length);
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
            complete = body != null;
            if (body == null) {
                body = new byte[0];
            }
        } else {
            complete = true;
        }
        return new Response(Integer.parseInt(status[1]), headers, body, complete);
    }

    private static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(java.util.Arrays.copyOfRange(b, i, b.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (eol < 0) {
                return null;
            }
            String sizeLine = new String(b, i, eol, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeLine, 16);
            i += eol + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            if (i + size > b.length) {
                return null;
            }
            out.write(b, i, size);
            i += size + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
