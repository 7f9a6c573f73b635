#!/usr/bin/env python3
"""Runs a command that asks for a PIN through pinentry-tty on a pseudo-terminal, and answers it.

    pinentry_pty.py [--answer TEXT]... [--cancel] [--timeout SECONDS] -- COMMAND [ARG...]

The command starts in a new session with no controlling terminal (standard input /dev/null,
standard output and error on pipes) and GPG_TTY naming the slave side of a fresh pty,
TERM=dumb: so roles-anywhere itself cannot open /dev/tty, and the pinentry program it starts
draws on the pty. The harness watches the pty's master side; each time a prompt is up (the
terminal's echo is off, text ending in ':' appeared since the last answer, and nothing more
came for a moment) it types the next --answer and a newline; with --cancel, the prompt after
the last answer gets Ctrl-D, which pinentry-tty reports as ERR 83886179 (cancelled).
Without an answer left and without --cancel the prompt stays up until the time limit, when
the command's process group is killed (status -9).

Prints one JSON line: {"status", "stdout", "stderr", "prompts", "screen", "prompt_texts"}:
`screen` is what was written on the pty, `prompt_texts` the text (escape sequences removed)
shown before each prompt. The answers are never printed: should one appear in the screen,
the prompt texts or stderr (echoed, or leaked by the command), it is replaced by <answer N>,
which a test can look for. stdout is passed through as it is (a credential document's
random text may hold a short answer by chance).
Only the standard library is used.
"""

import argparse
import json
import os
import re
import selectors
import signal
import subprocess
import termios
import time

SETTLE_SECONDS = 0.15
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\r")
PROMPT_END = re.compile(rb":\s*$")


def plain(data):
    """The bytes without terminal escape sequences and carriage returns."""
    return ESCAPES.sub(b"", data)


def echo_is_on(fd):
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)


def run(command, answers, cancel, timeout):
    master, slave = os.openpty()  # neither end is inherited by the command (PEP 446)
    environment = dict(os.environ, GPG_TTY=os.ttyname(slave), TERM="dumb")
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=environment, start_new_session=True)
    os.set_blocking(master, False)
    selector = selectors.DefaultSelector()
    outputs = {process.stdout.fileno(): bytearray(), process.stderr.fileno(): bytearray()}
    for fd in outputs:
        os.set_blocking(fd, False)
        selector.register(fd, selectors.EVENT_READ)
    # The harness keeps the slave open, so the master side never reads EIO between two pinentry runs.
    selector.register(master, selectors.EVENT_READ)
    screen = bytearray()
    since_answer = bytearray()
    last_output = time.monotonic()
    prompt_texts = []
    pending = list(answers)
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.02):
            try:
                chunk = os.read(key.fd, 65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                chunk = b""
            if key.fd == master:
                screen += chunk
                since_answer += chunk
                last_output = time.monotonic()
            elif chunk:
                outputs[key.fd] += chunk
            else:
                selector.unregister(key.fd)
        settled = time.monotonic() - last_output >= SETTLE_SECONDS
        if since_answer and settled and not echo_is_on(slave) and PROMPT_END.search(plain(bytes(since_answer))):
            prompt_texts.append(plain(bytes(since_answer)).decode("utf-8", "replace"))
            since_answer = bytearray()  # a prompt left unanswered is counted once
            if pending:
                os.write(master, (pending.pop(0) + "\n").encode())
            elif cancel:
                os.write(master, b"\x04")
                cancel = False
        if status is None:
            status = process.poll()
        if status is not None and len(selector.get_map()) == 1:
            break
    if status is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        status = -9
    try:
        screen += os.read(master, 65536)
    except OSError:
        pass
    os.close(master)
    os.close(slave)
    texts = [screen.decode("utf-8", "replace"), outputs[process.stderr.fileno()].decode("utf-8", "replace"), *prompt_texts]
    for number, answer in enumerate(answers, start=1):
        if answer:
            texts = [text.replace(answer, f"<answer {number}>") for text in texts]
    return {
        "status": status, "stdout": outputs[process.stdout.fileno()].decode("utf-8", "replace"), "stderr": texts[1],
        "prompts": len(prompt_texts), "screen": texts[0], "prompt_texts": texts[2:],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answer", action="append", default=[], help="typed at a prompt, in order")
    parser.add_argument("--cancel", action="store_true", help="Ctrl-D at the prompt after the answers")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if not command:
        parser.error("no command after --")
    print(json.dumps(run(command, arguments.answer, arguments.cancel, arguments.timeout)))
