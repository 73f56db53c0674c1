"""Summarises `jfr print --stack-depth 200 --events jdk.ExecutionSample` (stdin) by layer:
the share of samples whose stack goes through each layer (inclusive) and the frames where most
samples stop (self), as a markdown table."""
import collections
import re
import sys

LAYERS = [  # (name, frame or frames); inclusive: a sample counts for each layer its stack goes through
    ("HTTP/1.x fast path, request (FastPath.channelRead, incl. gate, auth + proxy)", "dev.plat.proxy.downstream.FastPath.channelRead"),
    ("gateway front door, Vert.x path (FrontDoor.handle, incl. auth + proxy)", "dev.plat.gateway.invoke.FrontDoor.handle"),
    ("  gate + auth (FrontDoor.check)", "dev.plat.gateway.invoke.FrontDoor.check"),
    ("  auth (AuthHandler.authorize)", "dev.plat.gateway.auth.AuthHandler.authorize"),
    ("  proxy handler, request side (ProxyCore.start)", "dev.plat.proxy.dispatch.ProxyCore.start"),
    ("proxy, upstream response (UpstreamConnection.channelRead)", "dev.plat.proxy.upstream.UpstreamConnection.channelRead"),
    ("Vert.x HTTP server: request decoding (HttpObjectDecoder.decode)", "io.netty.handler.codec.http.HttpObjectDecoder.decode"),
    ("Vert.x HTTP server: response encoding (HttpObjectEncoder.write)", "io.netty.handler.codec.http.HttpObjectEncoder.write"),
    ("socket writes (flush0)", "io.netty.channel.AbstractChannel$AbstractUnsafe.flush0"),
    ("epoll loop (EpollIoHandler.run)", "io.netty.channel.epoll.EpollIoHandler.run"),
    ("GC / JIT / other threads", None),
]

samples = sys.stdin.read().split("jdk.ExecutionSample")[1:]
stacks = [re.findall(r"^\s+([\w$.<>]+)\(", s, re.M) for s in samples]
stacks = [s for s in stacks if s]
n = len(stacks) or 1
print(f"{len(stacks)} samples")
print()
print("| layer | share of samples |")
print("|---|---|")
for name, prefix in LAYERS:
    if prefix is None:
        c = sum(1 for s in stacks if "io.netty.channel.epoll.EpollIoHandler.run" not in s)
    else:
        c = sum(1 for s in stacks if any(f.startswith(prefix) for f in s))
    print(f"| {name} | {100 * c / n:.1f}% |")
print()
print("| top self frames | share |")
print("|---|---|")
for frame, c in collections.Counter(s[0] for s in stacks).most_common(12):
    print(f"| `{frame}` | {100 * c / n:.1f}% |")
