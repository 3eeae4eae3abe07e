package io.qtp.api;

import java.util.HashMap;
import java.util.Map;

/** {@link FailureProfile} with SENTRY_DSN pointing at the local {@link SentryReceiver}. */
public class SentryProfile extends FailureProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.put("qtp.sentry.dsn", "http://publickey@127.0.0.1:" + SentryReceiver.port() + "/1");
        return m;
    }
}
