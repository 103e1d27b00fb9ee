package io.github.rebalancedecs.emulator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed memberOf expression in the subset of the ECS cluster query language that the emulator
 * supports: clauses on {@code attribute:NAME} joined by {@code and}, each with one of the
 * operators {@code ==}, {@code equals}, {@code !=}, {@code not_equals}, {@code in},
 * {@code not_in}, {@code exists}, {@code =~}, {@code matches}, {@code !~} or {@code not_matches}.
 *
 * <p>Example: {@code attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and attribute:ecs.instance-type =~ m5.*}.
 */
public final class ClusterQuery {

    private static final Pattern CLAUSE = Pattern.compile(
            "attribute:([A-Za-z0-9_.\\-]+)\\s*(==|!=|=~|!~|\\bequals\\b|\\bnot_equals\\b|\\bnot_in\\b|\\bin\\b"
                    + "|\\bexists\\b|\\bmatches\\b|\\bnot_matches\\b)\\s*(.*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

    private record Clause(String attribute, String operator, List<String> values, Pattern pattern) {

        boolean matches(Map<String, String> attributes) {
            String actual = attributes.get(attribute);
            return switch (operator) {
                case "exists" -> actual != null;
                case "==" -> values.get(0).equals(actual);
                case "!=" -> !values.get(0).equals(actual);
                case "in" -> actual != null && values.contains(actual);
                case "not_in" -> actual == null || !values.contains(actual);
                case "=~" -> actual != null && pattern.matcher(actual).matches();
                case "!~" -> actual == null || !pattern.matcher(actual).matches();
                default -> throw new IllegalStateException("Unknown operator " + operator);
            };
        }
    }

    private final String expression;
    private final List<Clause> clauses;

    private ClusterQuery(String expression, List<Clause> clauses) {
        this.expression = expression;
        this.clauses = List.copyOf(clauses);
    }

    /**
     * Parses a memberOf expression.
     *
     * @throws EcsApiException an InvalidParameterException that names the expression when it is
     *                         outside the supported subset
     */
    public static ClusterQuery parse(String expression) {
        if (expression.toLowerCase(Locale.ROOT).matches(".*\\s+or\\s+.*")) {
            throw unsupported(expression, "'or' is not supported; use 'in [a, b]' for alternatives");
        }
        List<Clause> clauses = new ArrayList<>();
        for (String text : AND.split(expression.trim())) {
            clauses.add(parseClause(expression, text.trim()));
        }
        return new ClusterQuery(expression, clauses);
    }

    public String expression() {
        return expression;
    }

    /** Returns true when a container instance with these attributes satisfies every clause. */
    public boolean matches(Map<String, String> attributes) {
        return clauses.stream().allMatch(clause -> clause.matches(attributes));
    }

    private static Clause parseClause(String expression, String text) {
        Matcher matcher = CLAUSE.matcher(text);
        if (!matcher.matches()) {
            throw unsupported(expression, "each clause must read 'attribute:NAME OPERATOR VALUE'");
        }
        String attribute = matcher.group(1);
        String operator = normalizeOperator(matcher.group(2).toLowerCase(Locale.ROOT));
        String operand = matcher.group(3).trim();

        if (operator.equals("exists")) {
            if (!operand.isEmpty()) {
                throw unsupported(expression, "'exists' takes no value");
            }
            return new Clause(attribute, operator, List.of(), null);
        }
        if (operator.equals("in") || operator.equals("not_in")) {
            if (!(operand.startsWith("[") && operand.endsWith("]"))
                    && !(operand.startsWith("(") && operand.endsWith(")"))) {
                throw unsupported(expression, "'" + operator + "' needs a list such as [us-east-1a, us-east-1b]");
            }
            List<String> values = new ArrayList<>();
            for (String value : operand.substring(1, operand.length() - 1).split(",")) {
                if (!value.isBlank()) {
                    values.add(unquote(value.trim()));
                }
            }
            return new Clause(attribute, operator, values, null);
        }
        if (operand.isEmpty()) {
            throw unsupported(expression, "'" + operator + "' needs a value");
        }
        String value = unquote(operand);
        Pattern pattern = operator.equals("=~") || operator.equals("!~")
                ? Pattern.compile(value.replace(".", "\\.").replace("*", ".*"))
                : null;
        return new Clause(attribute, operator, List.of(value), pattern);
    }

    private static String normalizeOperator(String operator) {
        return switch (operator) {
            case "equals" -> "==";
            case "not_equals" -> "!=";
            case "matches" -> "=~";
            case "not_matches" -> "!~";
            default -> operator;
        };
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static EcsApiException unsupported(String expression, String reason) {
        return EcsApiException.invalidParameter("The memberOf expression '" + expression
                + "' is outside the cluster query language subset the emulator supports: " + reason + ".");
    }
}
