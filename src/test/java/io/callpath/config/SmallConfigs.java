package io.callpath.config;

/** Config texts tests start from. */
public final class SmallConfigs {

    /** Line main (DID 5551000, key 1: sales; assistant PJSIP/201) and department sales (seller PJSIP/101). */
    public static final String ONE_LINE = """
            lines:
              - name: main
                dids: ["5551000"]
                menu:
                  options:
                    "1": sales
                assistants:
                  dial: [PJSIP/201]
            departments:
              sales:
                sellers: [PJSIP/101]
            """;

    private SmallConfigs() {}
}
