package io.callpath.config;

/**
 * One thing wrong with the configuration, said so an operator can fix it.
 *
 * @param key     where: the YAML path, e.g. {@code lines[0].menu.options."1"}
 * @param message what is wrong
 * @param fix     what to do about it
 */
public record ConfigProblem(String key, String message, String fix) {

    @Override
    public String toString() {
        return key + ": " + message + "; " + fix;
    }
}
