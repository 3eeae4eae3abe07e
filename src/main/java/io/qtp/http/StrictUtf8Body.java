package io.qtp.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Every request body is checked to be strict UTF-8 before Jackson reads it: Jackson's own decoder is lenient (it
 * decodes the overlong form {@code C0 AF} as {@code /}, a classic filter bypass, and encoded surrogates as lone
 * surrogates), while the JDK's UTF-8 decoder with {@link CodingErrorAction#REPORT} rejects overlong forms, encoded
 * surrogates, code points above U+10FFFF, stray continuation bytes and truncated sequences. The client gets a 400 that
 * says so and where ({@code request body is not valid UTF-8: ... at byte 11}). A {@code charset} parameter other than
 * UTF-8 is refused with 415: JSON is UTF-8 (RFC 8259), and decoding a body the client says is Latin-1 as UTF-8 would
 * silently change its text.
 *
 * <p>A JAX-RS reader interceptor, so it runs for every route's JSON body whatever the target type; bodies are at
 * most 64 KiB (the HTTP limit), so holding one in memory is what the JSON reader does anyway.
 */
@Provider
public class StrictUtf8Body implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.strip().replace("\"", "").toLowerCase(Locale.ROOT).matches("utf-?8")) {
            throw new ApiException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type charset must be utf-8 (JSON is UTF-8), not " + charset.strip());
        }
        byte[] body = context.getInputStream().readAllBytes();
        checkUtf8(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** Throws a 400 naming the first invalid byte sequence and its offset. */
    public static void checkUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(Math.min(body.length, 8192));
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                throw invalid(body, in.position(), r.length());
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            break;
        }
        out.clear();
        CoderResult r = decoder.flush(out);
        if (r.isError()) {
            throw invalid(body, in.position(), r.length());
        }
    }

    private static ApiException invalid(byte[] body, int offset, int length) {
        StringBuilder bytes = new StringBuilder();
        for (int i = offset; i < Math.min(body.length, offset + Math.max(1, length)); i++) {
            bytes.append(bytes.isEmpty() ? "" : " ").append(String.format("%02X", body[i] & 0xff));
        }
        return ApiException.validation("request body is not valid UTF-8: invalid byte sequence " + bytes + " at byte "
                + offset);
    }
}
