package io.github.istiocoredns.e2e.workflows;

import io.github.istiocoredns.e2e.TestProject;
import io.github.istiocoredns.e2e.catalog.ProjectRoot;
import io.github.istiocoredns.e2e.tier.Deadline;
import io.github.istiocoredns.e2e.tier.TierPrerequisite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The Maven properties and profiles the project knows: read from its poms, plus the suite's own system properties. */
final class MavenVocabulary {

    /**
     * The one list of system properties the suite's code reads that a workflow may pass with -D besides the poms'
     * properties. Add a property here when the code starts reading one that no pom declares.
     */
    static final Set<String> SUITE_PROPERTIES = Set.of(
            TierPrerequisite.REQUIRE_PROPERTY, // conformance.require: tiers whose missing prerequisite fails the run
            ProjectRoot.PROPERTY, // project.root: where the tests find the project's files
            // The cluster tier's interface (its e2e profile declares them too): the k3s image, e.g.
            // rancher/k3s:v1.35.6-k3s1, the Istio release whose charts it installs, and an existing cluster to use
            // instead of k3s (conformance.cluster=existing with kubeconfig=<path> or KUBECONFIG).
            "k3s.image", "istio.version", "conformance.cluster", "kubeconfig",
            Deadline.PROPERTY); // conformance.deadlineMinutes: no variant starts after it (cluster and node tier)

    private MavenVocabulary() {
    }

    /** The properties of every pom (project and profile level) and the suite's. */
    static Set<String> knownProperties() {
        Set<String> known = new TreeSet<>(SUITE_PROPERTIES);
        for (Element project : projects()) {
            known.addAll(propertyNames(child(project, "properties")));
            for (Element profile : children(child(project, "profiles"), "profile")) {
                known.addAll(propertyNames(child(profile, "properties")));
            }
        }
        return known;
    }

    /** The ids of the profiles the poms define. */
    static Set<String> definedProfiles() {
        Set<String> ids = new TreeSet<>();
        for (Element project : projects()) {
            for (Element profile : children(child(project, "profiles"), "profile")) {
                Element id = child(profile, "id");
                if (id != null) {
                    ids.add(id.getTextContent().strip());
                }
            }
        }
        return ids;
    }

    /** The parent pom and the poms of its modules. */
    private static List<Element> projects() {
        Element parent = parse(TestProject.file("pom.xml"));
        List<Element> projects = new ArrayList<>(List.of(parent));
        for (Element module : children(child(parent, "modules"), "module")) {
            projects.add(parse(TestProject.file(module.getTextContent().strip()).resolve("pom.xml")));
        }
        return projects;
    }

    private static Element parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    private static List<String> propertyNames(Element properties) {
        return children(properties, null).stream().map(Element::getTagName).toList();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Direct child elements, all of them when name is null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        if (parent == null) {
            return children;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name == null || element.getTagName().equals(name))) {
                children.add(element);
            }
        }
        return children;
    }
}
