package io.callpath.config;

/** Builds the key paths named in problems: {@code lines[0].menu.options."1"}. */
final class ConfigPaths {

    private ConfigPaths() {}

    static String child(String parent, String key) {
        String segment = key.matches("[A-Za-z_][A-Za-z0-9_-]*") ? key : "\"" + key + "\"";
        return parent.isEmpty() ? segment : parent + "." + segment;
    }
}
