package io.qtp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Migrations that have shipped are never edited: Flyway checks each applied migration's checksum at start, and a
 * database migrated by an earlier release would refuse the edited file. A change goes into a new migration (as V7
 * fixes V5's trigger). A new migration is added to this list once it ships.
 */
class AppliedMigrationsTest {

    /** SHA-256 of each shipped migration, as released. */
    private static final Map<String, String> SHIPPED = new TreeMap<>(Map.of(
            "V1__query_logs_and_feedback.sql", "c85ae7e15daf52904466a4d4b36b8a6a4ca5b124cd7c92085410102683fcb347",
            "V2__documents.sql", "fa112fe3d449a679d9cb26bede34c3a360752701f79e158b603af2dbd4cf813e",
            "V3__documents_fts_inline.sql", "5a1574a4a57f24fb76d506c63a62680d12bdf3ba7c3751f5ef83ee5eee0ace99",
            "V4__feedback_idempotency_key.sql", "ceda7f1478693e4d606efb93f314b52697372233a93faea089c32c4fef03125b",
            "V5__term_statistics.sql", "3231e58eae68801ab33a2f13f0582f9ab7286deec9b1a875c363aba00014a1cc",
            "V6__query_ids_and_clicks.sql", "92e4ee6bea278c6ae5dad9541e595a1ba53d1d3ca15244d0a4989994d46cd4e9",
            "V7__term_statistics_delete_fix.sql", "8f623fca1ec2307eafb965761a4aa496e08ffe907ac8a6ab2f2de532dfbe9df4",
            "V8__japanese_embedding.sql", "d31661b420f4fd6f00929ec090a2bedf16dca8edeb69a02afcfc5d7c3e2afe80"));

    @Test
    void shippedMigrationsAreUnchanged() throws Exception {
        for (Map.Entry<String, String> m : SHIPPED.entrySet()) {
            assertEquals(m.getValue(), sha256("db/migration/" + m.getKey()),
                    m.getKey() + " has shipped and must not be edited: put the change in a new migration");
        }
    }

    private static String sha256(String resource) throws Exception {
        try (InputStream in = AppliedMigrationsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is missing");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
