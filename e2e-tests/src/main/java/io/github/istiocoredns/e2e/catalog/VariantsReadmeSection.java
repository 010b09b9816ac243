package io.github.istiocoredns.e2e.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the README's "Variants" section from the catalog, or writes it into README.md between
 * {@value VariantsMarkdown#BEGIN} and {@value VariantsMarkdown#END}.
 *
 * <pre>
 *   ./mvnw -q -pl fruits-api -am install -DskipTests                # once: e2e-tests resolves fruits-api's test jar
 *   ./mvnw -q -pl e2e-tests compile exec:java                      # print it
 *   ./mvnw -q -pl e2e-tests compile exec:java -Dexec.args=--update # rewrite README.md's section
 * </pre>
 */
public final class VariantsReadmeSection {

    private VariantsReadmeSection() {
    }

    public static void main(String[] args) throws IOException {
        Path root = ProjectRoot.locate();
        String section = VariantsMarkdown.section(VariantCatalog.load(root));
        if (args.length == 0) {
            System.out.println(section);
        } else if (args[0].equals("--update")) {
            Path readme = args.length > 1 ? Path.of(args[1]) : root.resolve("README.md");
            Files.writeString(readme, replace(Files.readString(readme, StandardCharsets.UTF_8), section, readme.toString()),
                    StandardCharsets.UTF_8);
            System.out.println("Updated the variants section of " + readme);
        } else {
            System.err.println("Usage: VariantsReadmeSection [--update [README.md]]");
            System.exit(2);
        }
    }

    /** The section currently in {@code readme}, markers included. */
    public static String current(String readme, String readmeName) {
        int begin = readme.indexOf(VariantsMarkdown.BEGIN);
        int end = readme.indexOf(VariantsMarkdown.END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(readmeName + " has no variants section: add the two lines "
                    + VariantsMarkdown.BEGIN + " and " + VariantsMarkdown.END + " where it belongs, then run "
                    + VariantsMarkdown.REGENERATE);
        }
        return readme.substring(begin, end + VariantsMarkdown.END.length());
    }

    static String replace(String readme, String section, String readmeName) {
        return readme.replace(current(readme, readmeName), section);
    }
}
