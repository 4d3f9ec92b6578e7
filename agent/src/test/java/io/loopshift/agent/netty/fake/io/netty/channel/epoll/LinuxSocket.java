package io.loopshift.agent.netty.fake.io.netty.channel.epoll;

/**
 * A Netty epoll socket as the agent reads it (its number and whether Netty closed it), whose next
 * {@code isOpen()} can be made to throw: a bug inside the agent's retry, which asks it first.
 */
public final class LinuxSocket {
    private final int number;
    private volatile boolean breakNextIsOpen;

    public LinuxSocket(int number) {
        this.number = number;
    }

    public void breakNextIsOpen() {
        breakNextIsOpen = true;
    }

    public int intValue() {
        return number;
    }

    public boolean isOpen() {
        if (breakNextIsOpen) {
            breakNextIsOpen = false;
            throw new IllegalStateException("injected bug in a backlog retry");
        }
        return true;
    }
}
