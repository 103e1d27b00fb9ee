package io.github.rebalancedecs.runtime.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code memberOf} placement constraint expression in the ECS cluster query language, parsed
 * once and evaluated against container instances.
 *
 * <p>Supported: subjects {@code attribute:NAME}, {@code ec2InstanceId} and
 * {@code agentConnected}; operators {@code ==}/{@code equals}, {@code !=}/{@code not_equals},
 * {@code in}, {@code not_in}, {@code =~}/{@code matches}, {@code !~}/{@code not_matches},
 * {@code exists}, {@code !exists}/{@code not_exists}, {@code <}, {@code <=}, {@code >},
 * {@code >=}; {@code and}/{@code &&}, {@code or}/{@code ||}, {@code not}/{@code !} and
 * parentheses. For example {@code attribute:ecs.availability-zone in [us-east-1a, us-east-1b]
 * and attribute:ecs.instance-type =~ t3.*}.
 *
 * <p>NOTE: the task-group subjects ({@code task:group}) and the instance timestamps of the
 * query language are not supported; {@link #parse} rejects them, and the planner then takes no
 * action rather than guess where ECS would place a task.
 */
public final class MemberOfExpression {

    private final Node root;
    private final String source;

    private MemberOfExpression(Node root, String source) {
        this.root = root;
        this.source = source;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException when the expression uses a form this class does not support
     */
    public static MemberOfExpression parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        Parser parser = new Parser(tokenize(expression), expression);
        Node root = parser.parseOr();
        parser.expectEnd();
        return new MemberOfExpression(root, expression);
    }

    /** Returns true when the container instance satisfies the expression. */
    public boolean matches(ContainerInstanceSnapshot instance) {
        return root.matches(instance);
    }

    @Override
    public String toString() {
        return source;
    }

    private interface Node {
        boolean matches(ContainerInstanceSnapshot instance);
    }

    private static List<String> tokenize(String expression) {
        List<String> tokens = new ArrayList<>();
        int index = 0;
        while (index < expression.length()) {
            char current = expression.charAt(index);
            if (Character.isWhitespace(current)) {
                index++;
            } else if ("()[],".indexOf(current) >= 0) {
                tokens.add(String.valueOf(current));
                index++;
            } else {
                int end = index;
                while (end < expression.length()
                        && !Character.isWhitespace(expression.charAt(end))
                        && "()[],".indexOf(expression.charAt(end)) < 0) {
                    end++;
                }
                tokens.add(expression.substring(index, end));
                index = end;
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final List<String> tokens;
        private final String expression;
        private int position;

        Parser(List<String> tokens, String expression) {
            this.tokens = tokens;
            this.expression = expression;
        }

        Node parseOr() {
            Node left = parseAnd();
            while (peekIs("or", "||")) {
                position++;
                Node first = left;
                Node second = parseAnd();
                left = instance -> first.matches(instance) || second.matches(instance);
            }
            return left;
        }

        private Node parseAnd() {
            Node left = parseNot();
            while (peekIs("and", "&&")) {
                position++;
                Node first = left;
                Node second = parseNot();
                left = instance -> first.matches(instance) && second.matches(instance);
            }
            return left;
        }

        private Node parseNot() {
            if (peekIs("not", "!")) {
                position++;
                Node inner = parseNot();
                return instance -> !inner.matches(instance);
            }
            if (peekIs("(")) {
                position++;
                Node inner = parseOr();
                expect(")");
                return inner;
            }
            return parseComparison();
        }

        private Node parseComparison() {
            String subject = next("a subject such as attribute:ecs.availability-zone");
            SubjectReader reader = subjectReader(subject);
            String operator = next("an operator after " + subject).toLowerCase(Locale.ROOT);
            switch (operator) {
                case "exists":
                    return instance -> reader.read(instance) != null;
                case "!exists":
                case "not_exists":
                    return instance -> reader.read(instance) == null;
                case "==":
                case "equals": {
                    String value = next("a value after " + operator);
                    return instance -> value.equals(reader.read(instance));
                }
                case "!=":
                case "not_equals": {
                    String value = next("a value after " + operator);
                    return instance -> !value.equals(reader.read(instance));
                }
                case "in":
                case "not_in": {
                    List<String> values = parseList();
                    boolean negate = operator.equals("not_in");
                    return instance -> values.contains(reader.read(instance)) != negate;
                }
                case "=~":
                case "matches":
                case "!~":
                case "not_matches": {
                    Pattern pattern = compile(next("a pattern after " + operator));
                    boolean negate = operator.startsWith("!") || operator.startsWith("not");
                    return instance -> {
                        String actual = reader.read(instance);
                        return (actual != null && pattern.matcher(actual).matches()) != negate;
                    };
                }
                case "<":
                case "<=":
                case ">":
                case ">=": {
                    String value = next("a value after " + operator);
                    return instance -> compare(reader.read(instance), value, operator);
                }
                default:
                    throw unsupported("operator '" + operator + "'");
            }
        }

        private List<String> parseList() {
            expect("[");
            List<String> values = new ArrayList<>();
            while (!peekIs("]")) {
                values.add(next("a value or ]"));
                if (peekIs(",")) {
                    position++;
                }
            }
            position++;
            return List.copyOf(values);
        }

        private SubjectReader subjectReader(String subject) {
            if (subject.startsWith("attribute:")) {
                String name = subject.substring("attribute:".length());
                return instance -> instance.attributes().get(name);
            }
            if (subject.equals("ec2InstanceId")) {
                return ContainerInstanceSnapshot::ec2InstanceId;
            }
            if (subject.equals("agentConnected")) {
                return instance -> String.valueOf(instance.agentConnected());
            }
            throw unsupported("subject '" + subject + "'");
        }

        private Pattern compile(String pattern) {
            try {
                return Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "Invalid pattern '" + pattern + "' in memberOf expression '" + expression + "'", e);
            }
        }

        private boolean peekIs(String... candidates) {
            if (position >= tokens.size()) {
                return false;
            }
            String token = tokens.get(position).toLowerCase(Locale.ROOT);
            for (String candidate : candidates) {
                if (token.equals(candidate)) {
                    return true;
                }
            }
            return false;
        }

        private String next(String expected) {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException(
                        "Invalid memberOf expression '" + expression + "': expected " + expected);
            }
            return tokens.get(position++);
        }

        private void expect(String token) {
            String actual = next("'" + token + "'");
            if (!actual.equals(token)) {
                throw new IllegalArgumentException("Invalid memberOf expression '" + expression
                        + "': expected '" + token + "', got '" + actual + "'");
            }
        }

        void expectEnd() {
            if (position < tokens.size()) {
                throw new IllegalArgumentException("Invalid memberOf expression '" + expression
                        + "': unexpected '" + tokens.get(position) + "'");
            }
        }

        private IllegalArgumentException unsupported(String what) {
            return new IllegalArgumentException(
                    "Unsupported " + what + " in memberOf expression '" + expression + "'");
        }
    }

    private interface SubjectReader {
        String read(ContainerInstanceSnapshot instance);
    }

    private static boolean compare(String actual, String expected, String operator) {
        if (actual == null) {
            return false;
        }
        int order;
        try {
            order = Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
        } catch (NumberFormatException e) {
            order = actual.compareTo(expected);
        }
        switch (operator) {
            case "<":
                return order < 0;
            case "<=":
                return order <= 0;
            case ">":
                return order > 0;
            default:
                return order >= 0;
        }
    }
}
