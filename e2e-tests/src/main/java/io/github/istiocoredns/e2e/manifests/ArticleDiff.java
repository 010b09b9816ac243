package io.github.istiocoredns.e2e.manifests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares our manifests with the article's object by object and field by field, and accounts for
 * every difference with the intended changes: what is left is either a difference nobody intended
 * or an intended change that no longer happens. Both are reported.
 */
public final class ArticleDiff {

    private final Path projectRoot;

    public ArticleDiff(Path projectRoot) {
        this.projectRoot = projectRoot;
    }

    /** Human-readable findings; empty when our files differ from the article's exactly as intended. */
    public List<String> unexplained(IntendedChanges.Comparison comparison) {
        Map<String, YamlDocument> ours = byObject(comparison.ours());
        Map<String, YamlDocument> article = byObject(comparison.article());
        List<String> findings = new ArrayList<>();
        Set<IntendedChanges.Change> used = new LinkedHashSet<>();
        Set<String> objects = new LinkedHashSet<>(article.keySet());
        objects.addAll(ours.keySet());
        for (String object : objects) {
            for (TreeDifference difference : differences(article.get(object), ours.get(object))) {
                IntendedChanges.Change reason = explanation(comparison.changes(), object, difference.path());
                if (reason == null) {
                    findings.add(comparison.ours() + ": " + object + " " + describe(difference)
                            + " compared with " + comparison.article() + ", and intended-changes.yaml gives no reason");
                } else {
                    used.add(reason);
                }
            }
        }
        for (IntendedChanges.Change change : comparison.changes()) {
            if (!used.contains(change)) {
                findings.add(comparison.ours() + ": intended change " + change.object() + " " + change.path()
                        + " (\"" + change.reason() + "\") matches no difference from " + comparison.article());
            }
        }
        return findings;
    }

    private static List<TreeDifference> differences(YamlDocument article, YamlDocument ours) {
        if (article == null) {
            return List.of(new TreeDifference(FieldPath.root(), null, ours.tree()));
        }
        if (ours == null) {
            return List.of(new TreeDifference(FieldPath.root(), article.tree(), null));
        }
        return TreeDiff.between(article.tree(), ours.tree());
    }

    private static IntendedChanges.Change explanation(List<IntendedChanges.Change> changes, String object, FieldPath path) {
        for (IntendedChanges.Change change : changes) {
            if (change.object().equals(object) && path.startsWith(FieldPath.ofPointer(change.path()))) {
                return change;
            }
        }
        return null;
    }

    private static String describe(TreeDifference difference) {
        String where = difference.path().isRoot() ? "" : "field " + difference.path() + " ";
        if (difference.isAddition()) {
            return where + (where.isEmpty() ? "is added" : "is added (" + difference.after() + ")");
        }
        if (difference.isRemoval()) {
            return where + (where.isEmpty() ? "is removed" : "is removed (was " + difference.before() + ")");
        }
        return where + "changes from " + difference.before() + " to " + difference.after();
    }

    private Map<String, YamlDocument> byObject(String relativeFile) {
        Map<String, YamlDocument> documents = new LinkedHashMap<>();
        for (YamlDocument document : YamlDocumentReader.read(projectRoot.resolve(relativeFile), relativeFile)) {
            if (documents.put(document.objectRef(), document) != null) {
                throw new IllegalArgumentException(relativeFile + " holds " + document.objectRef() + " twice");
            }
        }
        return documents;
    }
}
