package io.loopshift.agent.cli;

import io.loopshift.agent.cli.doctor.JsonWriter;
import io.loopshift.agent.cli.doctor.TextTable;

import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code status <pid|name> [--json]}: what the agent in a running JVM is doing. It reads the
 * agent's MXBeans through the JVM's own local JMX connector, which the attach API starts on
 * request ({@code VirtualMachine.startLocalManagementAgent}: bound to this machine, for the
 * target's user only, as {@code jcmd ManagementAgent.start_local} would). Nothing is loaded into
 * the target and no setting of it changes.
 */
final class StatusCommand {
    /** The target runs no active loopshift (not loaded, inert, stopped, or still starting). */
    static final int NOT_ACTIVE = 3;
    private static final String[] COUNTERS = {"Matched", "Rewritten", "Fallbacks", "UntouchedBound", "SourceSkips", "Failures"};

    private final PrintStream out;
    private final PrintStream err;

    StatusCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String target, boolean json) {
        String pid;
        try {
            pid = ProcessCheck.pidFor(target, "status");
        } catch (JvmTargets.TargetException unusable) {
            err.println("loopshift: " + unusable.getMessage());
            return unusable.exitCode();
        }
        Map<String, Map<String, Object>> beans;
        try {
            beans = readBeans(pid);
        } catch (Exception failure) {
            err.println("loopshift: could not read the JMX counters of " + pid + ": " + AttachCommand.rootMessage(failure)
                    + ". Is it a HotSpot JVM that allows attach (not started with -XX:+DisableAttachMechanism)?");
            return AttachCommand.FAILED;
        }
        Map<String, Object> agent = beans.get("loopshift:type=Agent");
        if (json) {
            out.println(toJson(pid, beans));
        } else if (agent == null) {
            out.println("loopshift is not active in JVM " + pid + " (no loopshift MBeans: not loaded, no routes, disabled by a configuration error, "
                    + "or started less than 2 s ago; its standard error says which)");
        } else {
            printText(pid, beans, agent);
        }
        return agent != null && "active".equals(agent.get("State")) ? AttachCommand.OK : NOT_ACTIVE;
    }

    private static Map<String, Map<String, Object>> readBeans(String pid) throws Exception {
        Class<?> virtualMachine = Class.forName("com.sun.tools.attach.VirtualMachine", true, ClassLoader.getSystemClassLoader());
        Object vm = virtualMachine.getMethod("attach", String.class).invoke(null, pid);
        String address;
        try {
            address = (String) virtualMachine.getMethod("startLocalManagementAgent").invoke(vm);
        } finally {
            virtualMachine.getMethod("detach").invoke(vm);
        }
        Map<String, Map<String, Object>> beans = new TreeMap<>();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            for (ObjectName name : server.queryNames(new ObjectName("loopshift:*"), null)) {
                List<String> names = new ArrayList<>();
                for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
                    names.add(info.getName());
                }
                Map<String, Object> values = new TreeMap<>();
                for (Attribute attribute : server.getAttributes(name, names.toArray(new String[0])).asList()) {
                    values.put(attribute.getName(), plain(attribute.getValue()));
                }
                beans.put(name.getCanonicalName(), values);
            }
        }
        return beans;
    }

    /** Open types as plain Java values: a map attribute arrives as TabularData of key/value rows. */
    private static Object plain(Object value) {
        if (value instanceof TabularData table) {
            Map<String, Object> map = new TreeMap<>();
            for (Object row : table.values()) {
                CompositeData entry = (CompositeData) row;
                map.put(String.valueOf(entry.get("key")), plain(entry.get("value")));
            }
            return map;
        }
        if (value instanceof CompositeData composite) {
            Map<String, Object> map = new TreeMap<>();
            for (String key : composite.getCompositeType().keySet()) {
                map.put(key, plain(composite.get(key)));
            }
            return map;
        }
        if (value instanceof Object[] array) {
            List<Object> list = new ArrayList<>();
            for (Object element : array) {
                list.add(plain(element));
            }
            return list;
        }
        return value;
    }

    private void printText(String pid, Map<String, Map<String, Object>> beans, Map<String, Object> agent) {
        out.println("loopshift " + orDevelopment(agent.get("Version")) + " in JVM " + pid + ": " + agent.get("State"));
        out.println("  " + agent.get("Settings"));
        out.println("  " + agent.get("Origins"));
        out.println("  fallback for unix: routes: " + agent.get("Fallback"));
        out.println();
        String[] headers = {"ROUTE", "ACTION", "MATCHED", "REWRITTEN", "FALLBACKS", "UNTOUCHED-BOUND", "SOURCE-SKIPS", "FAILURES", "BY ERRNO"};
        boolean[] right = {false, false, true, true, true, true, true, true, false};
        TextTable table = new TextTable(headers, right);
        for (Map.Entry<String, Map<String, Object>> bean : routeBeans(beans).entrySet()) {
            table.add(row(bean.getKey(), bean.getValue()));
        }
        Map<String, Object> total = beans.get("loopshift:type=Total");
        if (total != null) {
            table.add(row("total", total));
        }
        table.print(out);
        if (total != null) {
            printAgentCounters(total);
        }
        for (Map.Entry<String, Map<String, Object>> other : otherBeans(beans).entrySet()) {
            out.println();
            out.println(other.getKey());
            for (Map.Entry<String, Object> attribute : other.getValue().entrySet()) {
                out.println("  " + attribute.getKey() + ": " + attribute.getValue());
            }
        }
    }

    /** The total's counters that belong to no route: the agent's own failures, the TCP socket pool of unix: routes, Netty. */
    private void printAgentCounters(Map<String, Object> total) {
        out.println();
        Object last = total.get("LastHandlerFailure");
        out.println("handler failures (bugs in the agent): " + total.get("HandlerFailures")
                + (last == null || String.valueOf(last).isEmpty() ? "" : ", the last: " + last));
        out.println("TCP sockets kept by unix: redirects: " + total.get("TcpSocketPoolSize") + " now, " + total.get("TcpSocketPoolReused")
                + " reused, " + total.get("TcpSocketPoolDupFailures") + " not kept (dup failed)");
        out.println("Netty connects without backlog retries: " + total.get("NettyConnectsWithoutBacklogRetries"));
    }

    private static String[] row(String label, Map<String, Object> values) {
        String[] cells = new String[3 + COUNTERS.length];
        cells[0] = label.equals("total") ? "total" : "#" + label + " " + values.get("Route");
        cells[1] = String.valueOf(values.get("Action"));
        for (int i = 0; i < COUNTERS.length; i++) {
            cells[2 + i] = String.valueOf(values.get(COUNTERS[i]));
        }
        Object byErrno = values.get("FailuresByErrno");
        cells[cells.length - 1] = byErrno instanceof Map<?, ?> map && !map.isEmpty() ? map.toString() : "-";
        return cells;
    }

    /** Route MBeans by their index, in order. */
    private static Map<String, Map<String, Object>> routeBeans(Map<String, Map<String, Object>> beans) {
        Map<String, Map<String, Object>> routes = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (Map.Entry<String, Map<String, Object>> bean : beans.entrySet()) {
            ObjectName name = objectName(bean.getKey());
            if ("Route".equals(name.getKeyProperty("type"))) {
                routes.put(name.getKeyProperty("name"), bean.getValue());
            }
        }
        return routes;
    }

    /** Any other loopshift MBean (listen rules, when a version has them), shown as it is. */
    private static Map<String, Map<String, Object>> otherBeans(Map<String, Map<String, Object>> beans) {
        Map<String, Map<String, Object>> others = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> bean : beans.entrySet()) {
            String type = objectName(bean.getKey()).getKeyProperty("type");
            if (!"Route".equals(type) && !"Total".equals(type) && !"Agent".equals(type)) {
                others.put(bean.getKey(), bean.getValue());
            }
        }
        return others;
    }

    private static ObjectName objectName(String canonical) {
        try {
            return new ObjectName(canonical);
        } catch (javax.management.MalformedObjectNameException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String orDevelopment(Object version) {
        return version == null ? "(development build)" : version.toString();
    }

    private static String toJson(String pid, Map<String, Map<String, Object>> beans) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("pid").value(Long.parseLong(pid));
        Map<String, Object> agent = beans.get("loopshift:type=Agent");
        json.name("active").value(agent != null && "active".equals(agent.get("State")));
        json.name("agent");
        value(json, agent);
        json.name("routes").beginArray();
        for (Map<String, Object> route : routeBeans(beans).values()) {
            value(json, route);
        }
        json.endArray();
        json.name("total");
        value(json, beans.get("loopshift:type=Total"));
        json.name("other").beginObject();
        for (Map.Entry<String, Map<String, Object>> other : otherBeans(beans).entrySet()) {
            json.name(other.getKey());
            value(json, other.getValue());
        }
        json.endObject();
        return json.endObject().toString();
    }

    private static void value(JsonWriter json, Object value) {
        if (value instanceof Map<?, ?> map) {
            json.beginObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.name(lowerFirst(String.valueOf(entry.getKey())));
                value(json, entry.getValue());
            }
            json.endObject();
        } else if (value instanceof List<?> list) {
            json.beginArray();
            for (Object element : list) {
                value(json, element);
            }
            json.endArray();
        } else if (value instanceof Long || value instanceof Integer) {
            json.value(((Number) value).longValue());
        } else if (value instanceof Boolean bool) {
            json.value(bool);
        } else {
            json.value(value == null ? null : value.toString());
        }
    }

    /** JSON members in camelCase: {@code Matched} becomes {@code matched}; map keys such as errno names stay. */
    private static String lowerFirst(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isLowerCase(name.charAt(1))) {
            return Character.toLowerCase(name.charAt(0)) + name.substring(1);
        }
        return name;
    }
}
