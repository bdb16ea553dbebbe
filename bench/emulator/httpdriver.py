#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Sends exactly COUNT HTTP/1.1 requests over CONNECTIONS keep-alive connections (one request
in flight on each) and waits for every response, so that a profiler sees a known number of
requests. Responses carry Content-Length or chunked coding (no trailers).

    httpdriver.py PORT METHOD PATH COUNT [CONNECTIONS] [BODY_BYTES]
"""
import selectors
import socket
import sys


def parse_response(buffer):
    """(status, bytes used) of the first complete response in buffer, or None."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = buffer[:end].decode("latin-1").split("\r\n")
    length, chunked = 0, False
    for line in head[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and value == "chunked":
            chunked = True
    status = head[0].split(" ")[1]
    position = end + 4
    if not chunked:
        return (status, position + length) if len(buffer) >= position + length else None
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size = int(buffer[position:line_end].split(b";")[0], 16)
        position = line_end + 2 + size + 2
        if len(buffer) < position:
            return None
        if size == 0:
            return status, position


def main():
    port, method, path, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    connections = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    body = b"x" * (int(sys.argv[6]) if len(sys.argv) > 6 else 0)
    request = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               + ("Content-Type: application/octet-stream\r\n" if body else "")
               + f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    selector = selectors.DefaultSelector()
    sent = done = 0
    statuses = {}
    buffers = {}
    for _ in range(min(connections, count)):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request)
        sent += 1
        buffers[sock] = b""
        selector.register(sock, selectors.EVENT_READ)
    while done < count:
        for key, _ in selector.select():
            sock = key.fileobj
            data = sock.recv(65536)
            if not data:
                sys.exit("httpdriver: the server closed a connection")
            buffer = buffers[sock] + data
            while True:
                used = parse_response(buffer)
                if used is None:
                    break
                status, used = used
                statuses[status] = statuses.get(status, 0) + 1
                buffer = buffer[used:]
                done += 1
                if sent < count:
                    sock.sendall(request)
                    sent += 1
            buffers[sock] = buffer
    for sock in buffers:
        selector.unregister(sock)
        sock.close()
    print(" ".join(f"{status}:{n}" for status, n in sorted(statuses.items())))


if __name__ == "__main__":
    main()
