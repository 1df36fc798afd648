<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EngineText</name>
    <message>
        <source>the %1 server failed: %2</source>
        <translation>%1 服务器出错：%2</translation>
    </message>
    <message>
        <source>%1 of %2 messages never came back: the server stopped reading (et-no-drain: one %3-byte read per edge, and the rest waits in the kernel for an edge that never comes); no echo for %4</source>
        <translation>共 %2 条消息中有 %1 条再也没有回来：服务器不再读取（et-no-drain：每个边沿只读一次 %3 字节，剩下的留在内核里，等一个永远不会来的边沿）；已有 %4 没有回显</translation>
    </message>
    <message>
        <source>%1 of %2 messages never came back: the server stopped answering; no echo for %3</source>
        <translation>共 %2 条消息中有 %1 条再也没有回来：服务器不再应答；已有 %3 没有回显</translation>
    </message>
    <message>
        <source>select cannot watch fd %1: fd_set holds descriptors below %2 (FD_SETSIZE); use poll or epoll</source>
        <translation>select 无法监视 fd %1：fd_set 只能容纳小于 %2 的描述符（FD_SETSIZE）；请改用 poll 或 epoll</translation>
    </message>
    <message>
        <source>needs root or CAP_BPF+CAP_PERFMON: run as root, or once: %1</source>
        <translation>需要 root 或 CAP_BPF+CAP_PERFMON 权限：请以 root 运行，或执行一次：%1</translation>
    </message>
    <message>
        <source>fd_set holds descriptors below %1 (FD_SETSIZE), and %2 descriptors (with the %3 already open below it) need numbers up to at least %4; use poll or epoll</source>
        <translation>fd_set 只能容纳小于 %1 的描述符（FD_SETSIZE），而 %2 个描述符（加上其下已打开的 %3 个）至少需要编号到 %4；请改用 poll 或 epoll</translation>
    </message>
    <message>
        <source>fd_set holds descriptors below %1 (FD_SETSIZE), and these %2 descriptors reach fd %3; use poll or epoll</source>
        <translation>fd_set 只能容纳小于 %1 的描述符（FD_SETSIZE），而这 %2 个描述符的编号到达了 %3；请改用 poll 或 epoll</translation>
    </message>
</context>
<context>
    <name>EventExplainer</name>
    <message>
        <source>Data ready in the kernel: %1</source>
        <translation>数据已在内核中就绪：%1</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Time source</source>
        <translation>时间来源</translation>
    </message>
    <message>
        <source>inferred (no kernel timestamp)</source>
        <translation>推断（无内核时间戳）</translation>
    </message>
    <message>
        <source>kernel timestamp (SO_TIMESTAMPING)</source>
        <translation>内核时间戳（SO_TIMESTAMPING）</translation>
    </message>
    <message>
        <source>Read by</source>
        <translation>读取者</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1，于 %2</translation>
    </message>
    <message>
        <source>Waited in the kernel</source>
        <translation>在内核中等待了</translation>
    </message>
    <message>
        <source>The knife reached the shop (inferred: no kernel timestamp — the time shown is when the buyer&apos;s call returned; it arrived at or before it).</source>
        <translation>菜刀到店了（推断：没有内核时间戳——显示的是顾客的调用返回的时刻，菜刀在此刻或更早到达）。</translation>
    </message>
    <message>
        <source>The knife reached the shop (timestamp from the kernel itself, SO_TIMESTAMPING).</source>
        <translation>菜刀到店了（时间戳由内核自己给出，SO_TIMESTAMPING）。</translation>
    </message>
    <message>
        <source>%1 (message %2)</source>
        <translation>%1（消息 %2）</translation>
    </message>
    <message>
        <source>%1 reached the socket&apos;s receive buffer: phase 1 is over. The kernel then copies it into the buffer io_uring was given, without the process waiting.</source>
        <translation>%1 已到达套接字的接收缓冲区：阶段 1 结束。随后内核把它拷贝到事先交给 io_uring 的缓冲区，进程无需等待。</translation>
    </message>
    <message>
        <source>%1 reached the socket&apos;s receive buffer: phase 1 is over. The data waits in the kernel until the process copies it out with a receive call (phase 2).</source>
        <translation>%1 已到达套接字的接收缓冲区：阶段 1 结束。数据留在内核中，直到进程用接收调用把它拷贝出来（阶段 2）。</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>The kernel copied %1 (io_uring)</source>
        <translation>内核拷贝了 %1（io_uring）</translation>
    </message>
    <message>
        <source>The courier delivers the knife to the buyer&apos;s door: the shopkeeper did the handing over while the buyer was busy elsewhere.</source>
        <translation>快递员把菜刀送到顾客家门口：顾客在忙别的事时，店主已经把交货办好了。</translation>
    </message>
    <message>
        <source>Wake-up + copy to user: %1</source>
        <translation>唤醒 + 拷贝到用户空间：%1</translation>
    </message>
    <message>
        <source>The knife has arrived: the shopkeeper wakes the waiting buyer and hands it over the counter.</source>
        <translation>菜刀到了：店主叫醒正在等待的顾客，隔着柜台把刀交给他。</translation>
    </message>
    <message>
        <source>Phase 2 of a call that waited: from the moment the data reached the kernel to the call&apos;s return — the scheduler waking the thread, plus copying %1 to user memory. From user space the two cannot be told apart, so they are shown together.</source>
        <translation>一次等待过的调用的阶段 2：从数据到达内核到调用返回——包括调度器唤醒线程，以及把 %1 拷贝到用户内存。在用户空间无法区分这两部分，所以合并显示。</translation>
    </message>
    <message>
        <source>Copy to user: %1</source>
        <translation>拷贝到用户空间：%1</translation>
    </message>
    <message>
        <source>The shopkeeper hands the knife over the counter; the buyer stands there until it is done.</source>
        <translation>店主隔着柜台递刀；顾客一直站着，直到交接完成。</translation>
    </message>
    <message>
        <source>Phase 2: inside the receive call the kernel copies %1 from the socket buffer to user memory, and the thread can do nothing else meanwhile: synchronous I/O.</source>
        <translation>阶段 2：在接收调用内部，内核把 %1 从套接字缓冲区拷贝到用户内存，其间线程什么也做不了：这是同步 I/O。</translation>
    </message>
    <message>
        <source>Signal queue overflow: check every connection</source>
        <translation>信号队列溢出：逐个检查所有连接</translation>
    </message>
    <message>
        <source>So many calls came at once that the phone line jammed: the shop can only say “something arrived”, so the buyer must check every order himself.</source>
        <translation>同时打来的电话太多，线路占满了：店里只能说“有货到了”，顾客只好自己逐一查看每张订单。</translation>
    </message>
    <message>
        <source>The real-time signal queue overflowed, so the kernel sent plain SIGIO, which does not name a descriptor: the process must try every connection.</source>
        <translation>实时信号队列溢出，内核改发普通的 SIGIO，它不指明是哪个描述符：进程必须逐个尝试所有连接。</translation>
    </message>
    <message>
        <source>Signal: fd %1 is ready</source>
        <translation>信号：fd %1 已就绪</translation>
    </message>
    <message>
        <source>The shop phones the buyer: the knife for order %1 has arrived. He was doing other work; now he must still go and collect it.</source>
        <translation>店里打电话给顾客：订单 %1 的菜刀到了。他本来在做别的事；现在仍得亲自去取。</translation>
    </message>
    <message>
        <source>A real-time signal (set up with F_SETSIG, the fd in its siginfo) said fd %1 is readable. The process still calls recvmsg() to copy the data: phase 2 is synchronous.</source>
        <translation>一个实时信号（用 F_SETSIG 设置，fd 在其 siginfo 中）告知 fd %1 可读。进程仍要调用 recvmsg() 拷贝数据：阶段 2 是同步的。</translation>
    </message>
    <message>
        <source>io_uring: %1 completion(s) reaped</source>
        <translation>io_uring：收取了 %1 个完成事件</translation>
    </message>
    <message>
        <source>Completions</source>
        <translation>完成事件</translation>
    </message>
    <message>
        <source>The courier brings %1 deliveries: the knives are already at the buyer&apos;s home.</source>
        <translation>快递员送来 %1 件包裹：菜刀已经到了顾客家里。</translation>
    </message>
    <message>
        <source>%1 completion(s) were taken from the completion queue; each says the kernel has already received and copied the data into the submitted buffer (asynchronous I/O).</source>
        <translation>从完成队列中取出了 %1 个完成事件；每个都表示内核已经收到数据并拷贝到了提交的缓冲区（异步 I/O）。</translation>
    </message>
    <message>
        <source>%1 → %2 ready</source>
        <translation>%1 → %2 个就绪</translation>
    </message>
    <message>
        <source>%1 scan: %2 examined, %3 ready</source>
        <translation>%1 扫描：检查 %2 个，%3 个就绪</translation>
    </message>
    <message>
        <source>Descriptors examined</source>
        <translation>检查的描述符</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>The shopkeeper looked only at his list of ready orders; the others cost him nothing.</source>
        <translation>店主只看了他的就绪订单清单；其余订单不费他任何功夫。</translation>
    </message>
    <message>
        <source>epoll examined only its ready list (%1 examined, %2 ready): idle descriptors cost nothing, so the wait stays cheap with thousands of connections.</source>
        <translation>epoll 只检查了它的就绪列表（检查 %1 个，%2 个就绪）：空闲的描述符没有开销，所以即使有成千上万个连接，等待依然很便宜。</translation>
    </message>
    <message>
        <source>The shopkeeper checked %1 orders to find %2 ready.</source>
        <translation>店主查看了 %1 张订单，找到 %2 张已就绪。</translation>
    </message>
    <message>
        <source>%1() made the kernel examine %2 descriptors to find %3 ready: its cost grows with the number watched, not the number ready.</source>
        <translation>%1() 让内核检查了 %2 个描述符，找到 %3 个就绪：其开销随监视的数量增长，而不是随就绪的数量增长。</translation>
    </message>
    <message>
        <source>Client %1 sends message %2</source>
        <translation>客户端 %1 发送消息 %2</translation>
    </message>
    <message>
        <source>Due at</source>
        <translation>计划时间</translation>
    </message>
    <message>
        <source>Sent late by</source>
        <translation>发送延后</translation>
    </message>
    <message>
        <source>The factory ships knife number %1 to the shop.</source>
        <translation>工厂把第 %1 把菜刀发往商店。</translation>
    </message>
    <message>
        <source>The client sends message %1 on its connection. Messages go out on a fixed schedule (open loop): a slow server cannot slow the sending down.</source>
        <translation>客户端在它的连接上发送消息 %1。消息按固定时间表发出（开环）：服务器慢也不会拖慢发送。</translation>
    </message>
    <message>
        <source>Client %1 got message %2 back</source>
        <translation>客户端 %1 收回了消息 %2</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>The factory gets knife %1 back: the whole round trip took %2.</source>
        <translation>工厂收回了第 %1 把菜刀：整个往返用时 %2。</translation>
    </message>
    <message>
        <source>The client received the complete echo of message %1. The latency (%2) is measured from when the message was due to be sent, so queueing delays are not hidden (no coordinated omission).</source>
        <translation>客户端收到了消息 %1 的完整回显。延迟（%2）从该消息计划发送的时刻算起，因此排队延迟不会被掩盖（没有协同遗漏）。</translation>
    </message>
    <message>
        <source>Useful work: %1 units</source>
        <translation>有用的工作：%1 个单位</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Instead of standing at the counter, the buyer gets on with other work (%1 units in %2).</source>
        <translation>顾客没有站在柜台前干等，而是去做别的事（%2 内完成 %1 个单位）。</translation>
    </message>
    <message>
        <source>The process computed for %1 between calls: time a blocking model would have spent waiting.</source>
        <translation>进程在两次调用之间计算了 %1：在阻塞模型中，这段时间会白白花在等待上。</translation>
    </message>
    <message>
        <source>New connection: fd %1</source>
        <translation>新连接：fd %1</translation>
    </message>
    <message>
        <source>A factory opens a new order with the shop.</source>
        <translation>一家工厂向商店下了一张新订单。</translation>
    </message>
    <message>
        <source>A TCP connection from client port %1 was accepted as fd %2.</source>
        <translation>来自客户端端口 %1 的 TCP 连接被接受，成为 fd %2。</translation>
    </message>
    <message>
        <source>Connection closed: fd %1</source>
        <translation>连接已关闭：fd %1</translation>
    </message>
    <message>
        <source>The order is finished and closed.</source>
        <translation>订单已完成并关闭。</translation>
    </message>
    <message>
        <source>The server closes fd %1 (client port %2).</source>
        <translation>服务器关闭 fd %1（客户端端口 %2）。</translation>
    </message>
    <message>
        <source>Error on fd %1: %2</source>
        <translation>fd %1 出错：%2</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Something went wrong with this order: %1.</source>
        <translation>这张订单出了问题：%1。</translation>
    </message>
    <message>
        <source>An operation on fd %1 failed with %2.</source>
        <translation>对 fd %1 的操作失败：%2。</translation>
    </message>
    <message>
        <source>Neither phase: not waiting for data, not copying it</source>
        <translation>不属于任何阶段：既不在等待数据，也不在拷贝数据</translation>
    </message>
    <message>
        <source>Phase 1 — waiting for data (the knife is not at the shop yet)</source>
        <translation>阶段 1——等待数据（菜刀还没到店）</translation>
    </message>
    <message>
        <source>Phase 2 — copy to user (the shopkeeper hands the knife over)</source>
        <translation>阶段 2——拷贝到用户空间（店主把菜刀交出）</translation>
    </message>
    <message>
        <source>Phase 1 then phase 2 — waited for the data, then wake-up + copy</source>
        <translation>先阶段 1 后阶段 2——等到数据，然后唤醒 + 拷贝</translation>
    </message>
    <message>
        <source>End of phase 1 — the data is in the kernel</source>
        <translation>阶段 1 结束——数据已在内核中</translation>
    </message>
    <message>
        <source>Phase 2 done by the kernel — the process did not wait (asynchronous)</source>
        <translation>阶段 2 由内核完成——进程没有等待（异步）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>谁</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>client port %1</source>
        <translation>客户端端口 %1</translation>
    </message>
    <message>
        <source>%1 — cut off when the run ended</source>
        <translation>%1——运行结束时被截断</translation>
    </message>
    <message>
        <source>%1 … still in the call</source>
        <translation>%1 …仍在调用中</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>-1, errno %1: %2</source>
        <translation>-1，errno %1：%2</translation>
    </message>
    <message>
        <source>at least %1 (the run ended first)</source>
        <translation>至少 %1（运行先结束了）</translation>
    </message>
    <message>
        <source>not returned yet</source>
        <translation>尚未返回</translation>
    </message>
    <message>
        <source>The buyer hands his orders to a courier service and collects the deliveries that have come in; he never stands at the counter for a knife.</source>
        <translation>顾客把订单交给快递公司，只需收取已经送到的包裹；他从不站在柜台前等刀。</translation>
    </message>
    <message>
        <source>io_uring_enter() submitted queued receive requests and/or waited for completions. The kernel itself waits for the data and copies it into the buffers given at submission: asynchronous I/O.</source>
        <translation>io_uring_enter() 提交了排队的接收请求，和/或等待完成事件。由内核自己等待数据，并把数据拷贝到提交时给出的缓冲区：这就是异步 I/O。</translation>
    </message>
    <message>
        <source>The buyer waits by the phone for the shop to call.</source>
        <translation>顾客守在电话旁，等店里来电。</translation>
    </message>
    <message>
        <source>rt_sigtimedwait() waits for a queued real-time signal; each signal names the descriptor that became ready.</source>
        <translation>rt_sigtimedwait() 等待排队的实时信号；每个信号都指明了哪个描述符已就绪。</translation>
    </message>
    <message>
        <source>The buyer tells the shopkeeper which orders to watch — once, not on every wait.</source>
        <translation>顾客告诉店主要盯哪些订单——只说一次，而不是每次等待都说。</translation>
    </message>
    <message>
        <source>epoll_ctl() added, changed or removed fd %1 in the interest list, which the kernel keeps between calls.</source>
        <translation>epoll_ctl() 在兴趣列表中添加、修改或删除了 fd %1，这个列表由内核在多次调用之间保存。</translation>
    </message>
    <message>
        <source>The buyer changes how the shop treats this order: “don&apos;t make me wait” or “phone me when it arrives”.</source>
        <translation>顾客改变商店处理这张订单的方式：“别让我等”或“到了给我打电话”。</translation>
    </message>
    <message>
        <source>fcntl() changed a flag of fd %1 (O_NONBLOCK, or O_ASYNC with F_SETOWN and F_SETSIG for signal-driven I/O).</source>
        <translation>fcntl() 修改了 fd %1 的一个标志（O_NONBLOCK，或用于信号驱动 I/O 的 O_ASYNC 加 F_SETOWN 和 F_SETSIG）。</translation>
    </message>
    <message>
        <source>The buyer closes the order.</source>
        <translation>顾客关闭了订单。</translation>
    </message>
    <message>
        <source>close() released fd %1; the connection is gone.</source>
        <translation>close() 释放了 fd %1；连接已断开。</translation>
    </message>
    <message>
        <source>The buyer goes to the shop.</source>
        <translation>顾客去了一趟商店。</translation>
    </message>
    <message>
        <source>A system call: a trip from the process into the kernel.</source>
        <translation>一次系统调用：从进程进入内核走一趟。</translation>
    </message>
    <message>
        <source>%1() failed with %2: %3.</source>
        <translation>%1() 失败，错误为 %2：%3。</translation>
    </message>
    <message>
        <source>The buyer stands at the counter and waits for the knife to reach the shop.</source>
        <translation>顾客站在柜台前，等菜刀到店。</translation>
    </message>
    <message>
        <source>%1() has not returned: the thread sleeps in the kernel until data arrives (phase 1), then the kernel copies it (phase 2).</source>
        <translation>%1() 尚未返回：线程在内核中睡眠，直到数据到达（阶段 1），然后内核拷贝数据（阶段 2）。</translation>
    </message>
    <message>
        <source>The buyer asked for the knife; it has not reached the shop yet, so the shopkeeper says “not yet, come back later” — a wasted call (the socket is non-blocking, so he is never made to wait).</source>
        <translation>顾客来要菜刀，可刀还没到店，店主说“还没到，待会儿再来”——白跑一趟（套接字是非阻塞的，所以他从不需要等）。</translation>
    </message>
    <message>
        <source>%1() returned -1 with errno EAGAIN: the socket&apos;s receive buffer was empty and the socket is non-blocking (O_NONBLOCK), so the call returned at once instead of sleeping. The trip into the kernel cost time and moved no data.</source>
        <translation>%1() 返回 -1，errno 为 EAGAIN：套接字的接收缓冲区是空的，且套接字是非阻塞的（O_NONBLOCK），所以调用立即返回而不睡眠。进内核走一趟花了时间，却没有搬运任何数据。</translation>
    </message>
    <message>
        <source>The factory has closed this order: no more knives will come.</source>
        <translation>工厂关闭了这张订单：不会再有菜刀来了。</translation>
    </message>
    <message>
        <source>%1() returned 0: end of stream — the client closed its side of the connection, so the server closes its descriptor too.</source>
        <translation>%1() 返回 0：流结束——客户端关闭了它那一端的连接，所以服务器也关闭自己的描述符。</translation>
    </message>
    <message>
        <source>The order went wrong: %1.</source>
        <translation>订单出错了：%1。</translation>
    </message>
    <message>
        <source>Data reached the kernel</source>
        <translation>数据到达内核</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>inferred</source>
        <translation>推断</translation>
    </message>
    <message>
        <source>kernel timestamp</source>
        <translation>内核时间戳</translation>
    </message>
    <message>
        <source>Phase 1: waiting for data</source>
        <translation>阶段 1：等待数据</translation>
    </message>
    <message>
        <source>Phase 2: wake-up + copy</source>
        <translation>阶段 2：唤醒 + 拷贝</translation>
    </message>
    <message>
        <source>The buyer waited at the counter until the knife reached the shop (phase 1); then the shopkeeper woke him and handed it over (phase 2). He could do nothing else the whole time.</source>
        <translation>顾客在柜台前一直等到菜刀到店（阶段 1）；然后店主叫醒他，把刀交给他（阶段 2）。整个过程中他什么别的事也做不了。</translation>
    </message>
    <message>
        <source>%1() blocked until %2 arrived in the socket&apos;s receive buffer (%3), then the kernel woke the thread and copied the data to user memory (%4, wake-up + copy). Both phases happened inside one call: blocking, synchronous I/O.</source>
        <translation>%1() 一直阻塞，直到 %2 到达套接字的接收缓冲区（%3），然后内核唤醒线程并把数据拷贝到用户内存（%4，唤醒 + 拷贝）。两个阶段都发生在同一次调用里：阻塞式的同步 I/O。</translation>
    </message>
    <message>
        <source>Data waited in the kernel</source>
        <translation>数据在内核中等待了</translation>
    </message>
    <message>
        <source>The knife was already at the shop: the buyer copies it out himself, standing at the counter while it is handed over (phase 2, synchronous).</source>
        <translation>菜刀早已到店：顾客亲自把它取出来，交接期间一直站在柜台前（阶段 2，同步）。</translation>
    </message>
    <message>
        <source>%1() found %2 already in the socket&apos;s receive buffer and copied it to user memory; the thread is busy in the kernel for the copy. The process does phase 2 itself: synchronous I/O, whatever told it the data was ready.</source>
        <translation>%1() 发现 %2 已在套接字的接收缓冲区中，并把它拷贝到用户内存；拷贝期间线程一直忙在内核里。阶段 2 由进程自己完成：无论是谁通知它数据就绪，这都是同步 I/O。</translation>
    </message>
    <message>
        <source>The buyer waits at one counter for any of his orders to be ready.</source>
        <translation>顾客在一个柜台前等，他的任何一张订单就绪都行。</translation>
    </message>
    <message>
        <source>The buyer waits while the shopkeeper checks his whole list of orders.</source>
        <translation>顾客等着店主把他的整张订单清单查一遍。</translation>
    </message>
    <message>
        <source>%1() sleeps until at least one watched descriptor is ready (phase 1 for all of them at once).</source>
        <translation>%1() 睡眠，直到至少一个被监视的描述符就绪（所有描述符的阶段 1 同时进行）。</translation>
    </message>
    <message>
        <source>The wait was cut short: %1.</source>
        <translation>等待被提前打断：%1。</translation>
    </message>
    <message>
        <source>The shopkeeper&apos;s bell stayed silent: no order became ready in time.</source>
        <translation>店主的铃一直没响：没有订单及时就绪。</translation>
    </message>
    <message>
        <source>The shopkeeper rings: 1 order ready. He hands over only the list of ready orders; the buyer still fetches the knife himself.</source>
        <translation>店主摇铃：1 张订单就绪。他只交出就绪订单的清单；菜刀仍要顾客自己去取。</translation>
    </message>
    <message>
        <source>The shopkeeper rings: %1 orders ready. He hands over only the list of ready orders; the buyer still fetches each knife himself.</source>
        <translation>店主摇铃：%1 张订单就绪。他只交出就绪订单的清单；每把菜刀仍要顾客自己去取。</translation>
    </message>
    <message>
        <source>%1() returned %2: epoll copied only the ready list to user space and did not look at the other descriptors. Reading the data (recvmsg, phase 2) is still the process&apos;s job.</source>
        <translation>%1() 返回 %2：epoll 只把就绪列表拷贝到用户空间，没有查看其他描述符。读取数据（recvmsg，阶段 2）仍是进程自己的事。</translation>
    </message>
    <message>
        <source>The shopkeeper walks past every shelf on the buyer&apos;s list, ready or not, and marks the ready orders (%1); the buyer then goes through the list again to find them.</source>
        <translation>不管是否就绪，店主都把顾客清单上的每个货架走一遍，标出就绪的订单（%1）；然后顾客还得把清单再过一遍才能找到它们。</translation>
    </message>
    <message>
        <source>%1() returned %2: the kernel scanned every descriptor up to nfds (%3 here) and rewrote the fd_sets; the process scans them again to find the ready ones. The cost grows with nfds, and fds of 1024 (FD_SETSIZE) and up cannot be watched at all.</source>
        <translation>%1() 返回 %2：内核扫描了 nfds（此处为 %3）以下的每个描述符，并改写了 fd_set；进程要再扫描一遍才能找到就绪的那些。开销随 nfds 增长，而且 1024（FD_SETSIZE）及以上的 fd 根本无法监视。</translation>
    </message>
    <message>
        <source>%1() returned %2: the kernel scanned every descriptor up to nfds and rewrote the fd_sets; the process scans them again to find the ready ones. The cost grows with nfds.</source>
        <translation>%1() 返回 %2：内核扫描了 nfds 以下的每个描述符，并改写了 fd_set；进程要再扫描一遍才能找到就绪的那些。开销随 nfds 增长。</translation>
    </message>
    <message>
        <source>The shopkeeper checks every order on the buyer&apos;s list each time he asks, and ticks the ready ones (%1).</source>
        <translation>顾客每问一次，店主就把他清单上的每张订单查一遍，并勾出就绪的（%1）。</translation>
    </message>
    <message>
        <source>%1() returned %2: the kernel walked the whole pollfd array and set revents on the ready entries; the process walks the array again. The cost grows with the number of descriptors watched, not the number ready.</source>
        <translation>%1() 返回 %2：内核遍历了整个 pollfd 数组，并在就绪的项上设置 revents；进程要再遍历一遍。开销随监视的描述符数量增长，而不是随就绪的数量增长。</translation>
    </message>
    <message>
        <source>The buyer sends the knife back to the factory: this echo server returns what it read.</source>
        <translation>顾客把菜刀寄回工厂：这个回显服务器把读到的东西原样送回。</translation>
    </message>
    <message>
        <source>sendto() returned EAGAIN: the socket&apos;s send buffer is full (the client reads slowly), so the server waits until it can write again.</source>
        <translation>sendto() 返回 EAGAIN：套接字的发送缓冲区满了（客户端读得慢），所以服务器要等到能再次写入。</translation>
    </message>
    <message>
        <source>sendto() (send) queues the bytes in the socket&apos;s send buffer and the kernel transmits them. The five I/O models differ in how they wait to receive, not in this.</source>
        <translation>sendto()（send）把字节放入套接字的发送缓冲区，由内核发送出去。五种 I/O 模型的区别在于如何等待接收，而不在这里。</translation>
    </message>
    <message>
        <source>The buyer checked for new orders: none waiting.</source>
        <translation>顾客看了看有没有新订单：一张也没有。</translation>
    </message>
    <message>
        <source>accept4() returned -1 EAGAIN: the listen queue is empty and the listening socket is non-blocking, so the call returned at once.</source>
        <translation>accept4() 返回 -1 EAGAIN：监听队列是空的，且监听套接字是非阻塞的，所以调用立即返回。</translation>
    </message>
    <message>
        <source>A new order is opened: a factory connected, and the buyer gets a ticket (a descriptor) to follow it.</source>
        <translation>新订单开立：一家工厂连了进来，顾客拿到一张凭条（一个描述符）来跟进它。</translation>
    </message>
    <message>
        <source>accept4() took a connection from the listen queue and returned a new descriptor for it.</source>
        <translation>accept4() 从监听队列中取出一个连接，并为它返回一个新的描述符。</translation>
    </message>
    <message>
        <source>inferred from user space</source>
        <translation>从用户空间推断</translation>
    </message>
    <message>
        <source>Readable</source>
        <translation>可读字节</translation>
    </message>
    <message>
        <source>The knife is put on the shop&apos;s shelf for this order: the shopkeeper can now call the buyer.</source>
        <translation>菜刀放上了这张订单的货架：店主现在可以给顾客打电话了。</translation>
    </message>
    <message>
        <source>The kernel queued data on the socket and called sk_data_ready, which wakes whoever waits on it: phase 1 ends here.</source>
        <translation>内核把数据排入套接字，并调用 sk_data_ready 唤醒在它上面等待的线程：阶段 1 到此结束。</translation>
    </message>
    <message>
        <source>measured in the kernel (eBPF tracepoint %1)</source>
        <translation>在内核中测得（eBPF 跟踪点 %1）</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>an io-wq worker of the kernel</source>
        <translation>内核的 io-wq 工作线程</translation>
    </message>
    <message>
        <source>Woken by</source>
        <translation>唤醒者</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>The knife has arrived: the shopkeeper calls the buyer back, and it takes %1 before he is at the counter again.</source>
        <translation>菜刀到了：店主打电话叫顾客回来，他要过 %1 才重新站到柜台前。</translation>
    </message>
    <message>
        <source>The scheduler made the sleeping thread runnable (sched_waking) and %1 later put it back on a CPU (sched_switch). This is not the copy: from user space it looks like part of phase 2, but it is the scheduler&apos;s latency, and on a loaded machine it is most of it.</source>
        <translation>调度器把睡眠的线程设为可运行（sched_waking），%1 之后才把它放回 CPU（sched_switch）。这不是拷贝：从用户空间看它像是阶段 2 的一部分，其实是调度延迟，在繁忙的机器上它占了大头。</translation>
    </message>
    <message>
        <source>The shopkeeper packs the knife and sends it to the buyer&apos;s home: the buyer was not standing at the counter.</source>
        <translation>店主把菜刀打包送到顾客家：顾客并没有站在柜台前。</translation>
    </message>
    <message>
        <source>The kernel copied %1 to the submitted buffer on an io-wq worker thread, not in any system call of the process.</source>
        <translation>内核在一个 io-wq 工作线程上把 %1 拷贝到提交的缓冲区，不在进程的任何系统调用里。</translation>
    </message>
    <message>
        <source>The kernel copied %1 to the submitted buffer in the process&apos;s own thread, in kernel mode (io_uring task_work, at io_uring_enter or on the way back to user space), not in a receive call: the buyer never waited, but his thread paid the CPU time.</source>
        <translation>内核在进程自己的线程里、以内核态把 %1 拷贝到提交的缓冲区（io_uring 的 task_work，发生在 io_uring_enter 中或返回用户空间的途中），而不是在接收调用里：顾客从未等待，但 CPU 时间由他的线程支付。</translation>
    </message>
    <message>
        <source>Phase 2, measured: inside the receive call the kernel copied %1 from the socket buffer to user memory in %2. The thread can do nothing else meanwhile: synchronous I/O.</source>
        <translation>阶段 2（实测）：在接收调用内部，内核用 %2 把 %1 从套接字缓冲区拷贝到用户内存。其间线程什么也做不了：这是同步 I/O。</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>No knife yet: the shopkeeper notes the order and will act when it comes.</source>
        <translation>菜刀还没到：店主记下订单，货到了再处理。</translation>
    </message>
    <message>
        <source>The data was not there yet, so io_uring armed its internal poll on the socket: when data arrives, the kernel itself will do the receive.</source>
        <translation>数据还没到，所以 io_uring 在套接字上挂起了内部的 poll：数据一到，内核自己完成接收。</translation>
    </message>
    <message>
        <source>The knife came: the shopkeeper puts the packing on the buyer&apos;s to-do list, done the next time the buyer passes through the shop.</source>
        <translation>菜刀到了：店主把打包这件事记到顾客的待办清单上，顾客下次路过店里时完成。</translation>
    </message>
    <message>
        <source>io_uring queued task_work for the ring&apos;s thread: the receive and the copy run in that thread, in kernel mode, at its next io_uring_enter or return to user space.</source>
        <translation>io_uring 为该环的线程排入了 task_work：接收和拷贝在那个线程里以内核态执行，时机是它下一次 io_uring_enter 或返回用户空间时。</translation>
    </message>
    <message>
        <source>The shopkeeper gives the order to a helper in the back room.</source>
        <translation>店主把订单交给后屋的帮手。</translation>
    </message>
    <message>
        <source>io_uring handed the request to an io-wq worker thread, which may block on it without holding up the process.</source>
        <translation>io_uring 把请求交给一个 io-wq 工作线程，它可以在上面阻塞而不拖住进程。</translation>
    </message>
    <message>
        <source>The courier&apos;s slip is filed: the knife is at the buyer&apos;s home.</source>
        <translation>快递单已归档：菜刀已经到了顾客家里。</translation>
    </message>
    <message>
        <source>io_uring posted a completion (result %1) to the completion queue; the process reaps it when it looks.</source>
        <translation>io_uring 向完成队列放入一个完成事件（结果 %1）；进程查看时收取它。</translation>
    </message>
    <message>
        <source>The kernel copied %1 into the buffer the process submitted beforehand and posted a completion; the process only reaps the result. It waited for the data in no call of its own: asynchronous I/O. The copy itself runs as task_work in the process&apos;s own thread, in kernel mode, so its CPU time is still the process&apos;s.</source>
        <translation>内核把 %1 复制进进程事先提交的缓冲区，并贴出一条完成记录；进程只需收取结果。它没有在自己的任何调用里等数据：这就是异步 I/O。复制本身作为 task_work 在进程自己的线程里、以内核态运行，所以花的仍是进程的 CPU 时间。</translation>
    </message>
    <message>
        <source>The shop closes: the door is locked while the buyer waits at it, and he goes home. Not a mistake: that is how the run ends.</source>
        <translation>商店打烊：买家还在门口等着，门就锁上了，他回家去。这不是错误：运行就是这样结束的。</translation>
    </message>
    <message>
        <source>accept4() returned -1 %1 because the server shut its own listening socket down to stop the run: a thread asleep in a blocking accept4 can be woken no other way. Not an error.</source>
        <translation>accept4() 返回 -1 %1，是因为服务器为了结束运行，自己关闭了监听套接字：睡在阻塞 accept4 里的线程没有别的办法能被唤醒。这不是错误。</translation>
    </message>
    <message>
        <source>A customer of this shop, not ioscope&apos;s factory, ships knife number %1: the moment it reached the shop was seen by the kernel probe.</source>
        <translation>这家店的一位客户（不是 ioscope 的工厂）发出第 %1 把刀：它到店的那一刻由内核探针看到。</translation>
    </message>
    <message>
        <source>A peer of the traced program sent on its connection. Measured in the kernel: sk_data_ready fired as the data was queued on the program&apos;s socket, in the sender&apos;s send. Peers are drawn one row per connection, by port.</source>
        <translation>被追踪程序的对端在它的连接上发送了数据。在内核中测得：数据排入程序的套接字时 sk_data_ready 触发，发生在发送方的 send 之中。对端按端口每个连接画一行。</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>not ready yet; a non-blocking call returns at once instead of waiting</source>
        <translation>尚未就绪；非阻塞调用会立即返回，而不是等待</translation>
    </message>
    <message>
        <source>interrupted by a signal before it finished</source>
        <translation>完成之前被信号中断</translation>
    </message>
    <message>
        <source>the peer reset the connection</source>
        <translation>对端重置了连接</translation>
    </message>
    <message>
        <source>nobody was listening on that port</source>
        <translation>该端口上没有程序在监听</translation>
    </message>
    <message>
        <source>writing to a connection the peer closed</source>
        <translation>向已被对端关闭的连接写入</translation>
    </message>
    <message>
        <source>not an open descriptor</source>
        <translation>不是已打开的描述符</translation>
    </message>
    <message>
        <source>an invalid argument</source>
        <translation>参数无效</translation>
    </message>
    <message>
        <source>the socket is not connected</source>
        <translation>套接字未连接</translation>
    </message>
    <message>
        <source>the wait timed out</source>
        <translation>等待超时</translation>
    </message>
    <message>
        <source>the kernel ran out of memory</source>
        <translation>内核内存不足</translation>
    </message>
    <message>
        <source>too many open descriptors</source>
        <translation>打开的描述符太多</translation>
    </message>
    <message>
        <source>the request was cancelled</source>
        <translation>请求已取消</translation>
    </message>
    <message>
        <source>the call failed</source>
        <translation>调用失败</translation>
    </message>
    <message>
        <source>buyer %1</source>
        <translation>顾客 %1</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>client %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 begin</source>
        <translation>%1 开始</translation>
    </message>
    <message>
        <source>data ready in kernel (%1, message %2)</source>
        <translation>数据已在内核中就绪（%1，消息 %2）</translation>
    </message>
    <message>
        <source>data ready in kernel (%1)</source>
        <translation>数据已在内核中就绪（%1）</translation>
    </message>
    <message>
        <source>kernel copies to user (phase 2)</source>
        <translation>内核拷贝到用户空间（阶段 2）</translation>
    </message>
    <message>
        <source>wake-up + copy to user (phase 2)</source>
        <translation>唤醒 + 拷贝到用户空间（阶段 2）</translation>
    </message>
    <message>
        <source>copy to user (phase 2)</source>
        <translation>拷贝到用户空间（阶段 2）</translation>
    </message>
    <message>
        <source>copy done (%1)</source>
        <translation>拷贝完成（%1）</translation>
    </message>
    <message>
        <source>signal queue overflow → rescan all</source>
        <translation>信号队列溢出 → 全部重新检查</translation>
    </message>
    <message>
        <source>signal: fd %1 ready</source>
        <translation>信号：fd %1 就绪</translation>
    </message>
    <message>
        <source>io_uring → %1 completions</source>
        <translation>io_uring → %1 个完成事件</translation>
    </message>
    <message>
        <source>%1 → %2 ready</source>
        <translation>%1 → %2 个就绪</translation>
    </message>
    <message>
        <source>%1 scan: %2 examined, %3 ready</source>
        <translation>%1 扫描：检查 %2 个，%3 个就绪</translation>
    </message>
    <message>
        <source>factory sends message %1</source>
        <translation>工厂发送消息 %1</translation>
    </message>
    <message>
        <source>echo of message %1 back</source>
        <translation>消息 %1 的回显已返回</translation>
    </message>
    <message>
        <source>useful work (1 unit)</source>
        <translation>有用的工作（1 个单位）</translation>
    </message>
    <message>
        <source>useful work (%1 units)</source>
        <translation>有用的工作（%1 个单位）</translation>
    </message>
    <message>
        <source>new connection, port %1</source>
        <translation>新连接，端口 %1</translation>
    </message>
    <message>
        <source>connection closed, port %1</source>
        <translation>连接关闭，端口 %1</translation>
    </message>
    <message>
        <source>error %1</source>
        <translation>错误 %1</translation>
    </message>
    <message>
        <source>inferred</source>
        <translation>推断</translation>
    </message>
    <message>
        <source>kernel stamp</source>
        <translation>内核时间戳</translation>
    </message>
    <message>
        <source>%1 ready</source>
        <translation>%1 个就绪</translation>
    </message>
    <message>
        <source>round trip</source>
        <translation>往返</translation>
    </message>
    <message>
        <source>1 unit</source>
        <translation>1 个单位</translation>
    </message>
    <message>
        <source>%1 units</source>
        <translation>%1 个单位</translation>
    </message>
    <message>
        <source>data queued on the socket (%1, measured)</source>
        <translation>数据已进入套接字缓冲区（%1，实测）</translation>
    </message>
    <message>
        <source>wake-up: back on a CPU after %1 (measured)</source>
        <translation>唤醒：%1 后重新回到 CPU（实测）</translation>
    </message>
    <message>
        <source>copy to user: %1 in %2 (measured)</source>
        <translation>复制到用户空间：%1，用时 %2（实测）</translation>
    </message>
    <message>
        <source>io_uring arms its poll (measured)</source>
        <translation>io_uring 挂上内部 poll（实测）</translation>
    </message>
    <message>
        <source>io_uring queues task_work (measured)</source>
        <translation>io_uring 排入 task_work（实测）</translation>
    </message>
    <message>
        <source>io_uring hands to an io-wq worker (measured)</source>
        <translation>io_uring 交给 io-wq 工作线程（实测）</translation>
    </message>
    <message>
        <source>io_uring posts a completion (measured)</source>
        <translation>io_uring 发布完成事件（实测）</translation>
    </message>
    <message>
        <source>%1 = -1 %2 (closed to stop the run)</source>
        <translation>%1 = -1 %2（为结束运行而关闭）</translation>
    </message>
    <message>
        <source>&lt; %1 ns</source>
        <translation>&lt; %1 ns</translation>
    </message>
</context>
<context>
    <name>ImageFileText</name>
    <message>
        <source>cannot write &apos;%1&apos;: the picture could not be made</source>
        <translation>无法写入“%1”：图片生成失败</translation>
    </message>
    <message>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
</context>
<context>
    <name>LessonParserText</name>
    <message>
        <source>bad scenario block: expected &apos;key: value&apos;, found &apos;%1&apos;</source>
        <translation>scenario 块有误：应为“键: 值”，实际是“%1”</translation>
    </message>
    <message>
        <source>bad scenario block: &apos;%1&apos; is given twice</source>
        <translation>scenario 块有误：“%1”出现了两次</translation>
    </message>
    <message>
        <source>unknown model &apos;%1&apos; (known: %2)</source>
        <translation>未知模型“%1”（可用：%2）</translation>
    </message>
    <message>
        <source>bad scenario block: no model named</source>
        <translation>scenario 块有误：没有指定模型</translation>
    </message>
    <message>
        <source>bad scenario block: clients must be a whole number of at least 1</source>
        <translation>scenario 块有误：clients 必须是不小于 1 的整数</translation>
    </message>
    <message>
        <source>bad scenario block: messages must be a whole number of at least 1</source>
        <translation>scenario 块有误：messages 必须是不小于 1 的整数</translation>
    </message>
    <message>
        <source>bad scenario block: size must be a number of bytes, at least 1</source>
        <translation>scenario 块有误：size 必须是字节数，至少为 1</translation>
    </message>
    <message>
        <source>bad scenario block: %1</source>
        <translation>scenario 块有误：%1</translation>
    </message>
    <message>
        <source>bad scenario block: fds must be descriptor counts from 1 to 1000000, separated by commas, not &apos;%1&apos;</source>
        <translation>场景块有误：fds 必须是 1 到 1000000 之间的描述符数量，用逗号分隔，而不是“%1”</translation>
    </message>
    <message>
        <source>bad scenario block: unknown key &apos;%1&apos;</source>
        <translation>scenario 块有误：未知的键“%1”</translation>
    </message>
    <message>
        <source>bad scenario block: &apos;%1&apos; is missing</source>
        <translation>scenario 块有误：缺少“%1”</translation>
    </message>
    <message>
        <source>bad predict block: expected &apos;key: value&apos;, found &apos;%1&apos;</source>
        <translation>predict 块有误：应为“键: 值”，实际是“%1”</translation>
    </message>
    <message>
        <source>bad predict block: a second question</source>
        <translation>predict 块有误：出现了第二个问题</translation>
    </message>
    <message>
        <source>bad predict block: a second answer</source>
        <translation>predict 块有误：出现了第二个答案</translation>
    </message>
    <message>
        <source>bad predict block: choice %1 is out of order (choices go A, B, C, D)</source>
        <translation>predict 块有误：选项 %1 顺序不对（选项应按 A、B、C、D 排列）</translation>
    </message>
    <message>
        <source>bad predict block: choice %1 is empty</source>
        <translation>predict 块有误：选项 %1 是空的</translation>
    </message>
    <message>
        <source>bad predict block: unknown key &apos;%1&apos;</source>
        <translation>predict 块有误：未知的键“%1”</translation>
    </message>
    <message>
        <source>bad predict block: no question</source>
        <translation>predict 块有误：没有问题</translation>
    </message>
    <message>
        <source>bad predict block: fewer than 2 choices</source>
        <translation>predict 块有误：选项少于 2 个</translation>
    </message>
    <message>
        <source>missing answer in the predict block</source>
        <translation>predict 块中缺少答案</translation>
    </message>
    <message>
        <source>the answer &apos;%1&apos; is not among the choices (A to %2)</source>
        <translation>答案“%1”不在选项之中（A 到 %2）</translation>
    </message>
    <message>
        <source>the file name must look like &apos;01-two-phases.en.md&apos; (number, id, language, .md)</source>
        <translation>文件名应形如“01-two-phases.en.md”（编号、标识、语言、.md）</translation>
    </message>
    <message>
        <source>broken UTF-8 on this line</source>
        <translation>这一行的 UTF-8 编码已损坏</translation>
    </message>
    <message>
        <source>bad %1 block: it is never closed with ```</source>
        <translation>%1 块有误：没有用 ``` 结束</translation>
    </message>
    <message>
        <source>a ``` block opened here is never closed</source>
        <translation>此处开始的 ``` 块没有结束</translation>
    </message>
    <message>
        <source>bad %1 block: a second one (the first is on line %2)</source>
        <translation>%1 块有误：出现了第二个（第一个在第 %2 行）</translation>
    </message>
    <message>
        <source>no title: the lesson must have a &apos;# &apos; heading</source>
        <translation>缺少标题：课程必须有一个“# ”开头的标题</translation>
    </message>
    <message>
        <source>bad scenario block: there is none</source>
        <translation>scenario 块有误：文件中没有 scenario 块</translation>
    </message>
    <message>
        <source>missing answer: there is no predict block</source>
        <translation>缺少答案：没有 predict 块</translation>
    </message>
    <message>
        <source>bad scenario block: figure is yes or no, not &apos;%1&apos;</source>
        <translation>scenario 块有误：figure 只能是 yes 或 no，不能是“%1”</translation>
    </message>
    <message>
        <source>bad scenario block: unknown view &apos;%1&apos; (timeline, race, scan, latency or register)</source>
        <translation>scenario 块有误：没有“%1”这个视图（timeline、race、scan、latency 或 register）</translation>
    </message>
    <message>
        <source>bad notes block: say which step a note is for (idea, predict, run, verdict or figure): &apos;%1&apos;</source>
        <translation>notes 块有误：请说明这条备注属于哪一步（idea、predict、run、verdict 或 figure）：“%1”</translation>
    </message>
    <message>
        <source>bad notes block: a second note for &apos;%1&apos;</source>
        <translation>notes 块有误：“%1”有第二条备注</translation>
    </message>
    <message>
        <source>bad notes block: a note for the figure, but the scenario has no &apos;figure: yes&apos;</source>
        <translation>notes 块有误：有图的备注，但场景中没有“figure: yes”</translation>
    </message>
    <message>
        <source>bad scenario block: a second experiment named &apos;%1&apos;</source>
        <translation>scenario 块有误：第二个名为“%1”的实验</translation>
    </message>
    <message>
        <source>experiment &apos;%1&apos;: the text has no link &apos;(#run-%1)&apos; to start it</source>
        <translation>实验“%1”：正文里没有启动它的链接“(#run-%1)”</translation>
    </message>
    <message>
        <source>bad checks block: no experiment named &apos;%1&apos; (a &apos;```scenario %1&apos; block)</source>
        <translation>checks 块有误：没有名为“%1”的实验（即“```scenario %1”块）</translation>
    </message>
    <message>
        <source>experiment &apos;%1&apos; checks nothing: add a &apos;```checks %1&apos; block with the claims its run shows</source>
        <translation>实验“%1”什么也没检查：请添加一个“```checks %1”块，写上它的运行所证明的论断</translation>
    </message>
</context>
<context>
    <name>PresenterScript</name>
    <message>
        <source>the idea</source>
        <translation>思路</translation>
    </message>
    <message>
        <source>the prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>the run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>the verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>figure 6.6</source>
        <translation>图 6.6</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>第 %1 步，共 %2 步：%3</translation>
    </message>
</context>
<context>
    <name>TimelineJourney</name>
    <message>
        <source>knife #%1</source>
        <translation>第 %1 把刀</translation>
    </message>
    <message>
        <source>message #%1</source>
        <translation>消息 #%1</translation>
    </message>
</context>
<context>
    <name>TimelineText</name>
    <message>
        <source>Buyer %1</source>
        <translation>顾客 %1</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>Shopkeeper</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>Factory %1</source>
        <translation>工厂 %1</translation>
    </message>
    <message>
        <source>client %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <source>Factory</source>
        <translation>工厂</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>the process</source>
        <translation>你的进程</translation>
    </message>
    <message>
        <source>the kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>socket buffers</source>
        <translation>套接字缓冲区</translation>
    </message>
    <message>
        <source>a client</source>
        <translation>一个客户端</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>端口 %1</translation>
    </message>
    <message>
        <source>%1 clients</source>
        <translation>%1 个客户端</translation>
    </message>
    <message>
        <source>not yet × %1</source>
        <translation>还没到 × %1</translation>
    </message>
    <message>
        <source>EAGAIN × %1</source>
        <translation>EAGAIN × %1</translation>
    </message>
    <message>
        <source>at the door, waiting…</source>
        <translation>在门口等着…</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <source>%1(fd %2) waiting…</source>
        <translation>%1(fd %2) 等待中…</translation>
    </message>
    <message>
        <source>%1(fd %2) = -1 %3</source>
        <translation>%1(fd %2) = -1 %3</translation>
    </message>
    <message>
        <source>%1(fd %2) = %3</source>
        <translation>%1(fd %2) = %3</translation>
    </message>
    <message>
        <source>any knife?</source>
        <translation>刀到了吗？</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>waiting for the courier</source>
        <translation>等快递员</translation>
    </message>
    <message>
        <source>any of my knives?</source>
        <translation>我的刀到了吗？</translation>
    </message>
    <message>
        <source>at the door</source>
        <translation>在门口</translation>
    </message>
    <message>
        <source>sending it back</source>
        <translation>寄回去</translation>
    </message>
    <message>
        <source>knife handed over</source>
        <translation>菜刀交出</translation>
    </message>
    <message>
        <source>copy %1</source>
        <translation>拷贝 %1</translation>
    </message>
    <message>
        <source>shopkeeper packs it</source>
        <translation>店主打包</translation>
    </message>
    <message>
        <source>kernel copies %1</source>
        <translation>内核拷贝 %1</translation>
    </message>
    <message>
        <source>other work</source>
        <translation>别的工作</translation>
    </message>
    <message>
        <source>work (1 unit)</source>
        <translation>工作（1 个单位）</translation>
    </message>
    <message>
        <source>work (%1 units)</source>
        <translation>工作（%1 个单位）</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>还没到</translation>
    </message>
    <message>
        <source>knife arrived</source>
        <translation>菜刀到店</translation>
    </message>
    <message>
        <source>data ready (inferred)</source>
        <translation>数据就绪（推断）</translation>
    </message>
    <message>
        <source>data ready %1</source>
        <translation>数据就绪 %1</translation>
    </message>
    <message>
        <source>send #%1</source>
        <translation>发送 #%1</translation>
    </message>
    <message>
        <source>got #%1 back</source>
        <translation>收回 #%1</translation>
    </message>
    <message>
        <source>echo #%1 %2</source>
        <translation>回显 #%1 %2</translation>
    </message>
    <message>
        <source>courier delivered</source>
        <translation>快递已送达</translation>
    </message>
    <message>
        <source>completion = %1</source>
        <translation>完成 = %1</translation>
    </message>
    <message>
        <source>phone rang</source>
        <translation>电话响了</translation>
    </message>
    <message>
        <source>signal: fd %1</source>
        <translation>信号：fd %1</translation>
    </message>
    <message>
        <source>bell: %1 ready</source>
        <translation>铃响：%1 个就绪</translation>
    </message>
    <message>
        <source>%1 → %2 ready</source>
        <translation>%1 → %2 个就绪</translation>
    </message>
    <message>
        <source>new buyer in</source>
        <translation>新顾客进门</translation>
    </message>
    <message>
        <source>accept fd %1</source>
        <translation>accept fd %1</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>close fd %1</source>
        <translation>close fd %1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>phase 1: waiting for the knife</source>
        <translation>阶段 1：等菜刀</translation>
    </message>
    <message>
        <source>phase 2: knife handed over</source>
        <translation>阶段 2：交刀</translation>
    </message>
    <message>
        <source>“not yet” (EAGAIN)</source>
        <translation>“还没到”（EAGAIN）</translation>
    </message>
    <message>
        <source>doing other work</source>
        <translation>做别的事</translation>
    </message>
    <message>
        <source>other calls</source>
        <translation>其他调用</translation>
    </message>
    <message>
        <source>knife arrived at the shop</source>
        <translation>菜刀到店</translation>
    </message>
    <message>
        <source>… time inferred</source>
        <translation>… 时间为推断</translation>
    </message>
    <message>
        <source>factory sends</source>
        <translation>工厂发货</translation>
    </message>
    <message>
        <source>factory got it back</source>
        <translation>工厂收回</translation>
    </message>
    <message>
        <source>bell: ready</source>
        <translation>铃响：就绪</translation>
    </message>
    <message>
        <source>phone rang (signal)</source>
        <translation>电话响了（信号）</translation>
    </message>
    <message>
        <source>shopkeeper copies (io_uring)</source>
        <translation>店主代为拷贝（io_uring）</translation>
    </message>
    <message>
        <source>phase 1: wait for data</source>
        <translation>阶段 1：等待数据</translation>
    </message>
    <message>
        <source>phase 2: copy to user</source>
        <translation>阶段 2：拷贝到用户空间</translation>
    </message>
    <message>
        <source>EAGAIN</source>
        <translation>EAGAIN</translation>
    </message>
    <message>
        <source>useful work</source>
        <translation>有用的工作</translation>
    </message>
    <message>
        <source>other syscalls</source>
        <translation>其他系统调用</translation>
    </message>
    <message>
        <source>data in socket buffer</source>
        <translation>数据进入套接字缓冲区</translation>
    </message>
    <message>
        <source>… inferred time</source>
        <translation>… 推断的时间</translation>
    </message>
    <message>
        <source>client send</source>
        <translation>客户端发送</translation>
    </message>
    <message>
        <source>client got echo</source>
        <translation>客户端收到回显</translation>
    </message>
    <message>
        <source>ready set returned</source>
        <translation>返回就绪集合</translation>
    </message>
    <message>
        <source>signal (SIGIO)</source>
        <translation>信号（SIGIO）</translation>
    </message>
    <message>
        <source>kernel copy (io_uring)</source>
        <translation>内核拷贝（io_uring）</translation>
    </message>
    <message>
        <source>completion reaped</source>
        <translation>收取完成事件</translation>
    </message>
    <message>
        <source>wheel	zoom at the cursor</source>
        <translation>滚轮	以光标为中心缩放</translation>
    </message>
    <message>
        <source>Shift+wheel, drag, ← →	pan</source>
        <translation>Shift+滚轮、拖动、← →	平移</translation>
    </message>
    <message>
        <source>+  −	zoom in, out</source>
        <translation>+  −	放大、缩小</translation>
    </message>
    <message>
        <source>F, 0, double-click	fit the whole run</source>
        <translation>F、0、双击	显示整个运行</translation>
    </message>
    <message>
        <source>click	select the nearest event</source>
        <translation>单击	选中最近的事件</translation>
    </message>
    <message>
        <source>right-drag, Shift+drag	measure a time range</source>
        <translation>右键拖动、Shift+拖动	测量时间范围</translation>
    </message>
    <message>
        <source>A, B	markers at the cursor</source>
        <translation>A、B	在光标处放置标记</translation>
    </message>
    <message>
        <source>Space	play / pause the replay</source>
        <translation>空格	播放 / 暂停回放</translation>
    </message>
    <message>
        <source>.  ,	next / previous event</source>
        <translation>.  ,	下一个 / 上一个事件</translation>
    </message>
    <message>
        <source>Home, End	jump to start, end</source>
        <translation>Home、End	跳到开头、结尾</translation>
    </message>
    <message>
        <source>L	follow live on/off</source>
        <translation>L	开关实时跟随</translation>
    </message>
    <message>
        <source>Esc	clear range and markers</source>
        <translation>Esc	清除范围和标记</translation>
    </message>
    <message>
        <source>?	this sheet</source>
        <translation>?	显示本页</translation>
    </message>
    <message>
        <source>No run yet: start one to see it here.</source>
        <translation>还没有运行：开始一次运行，就会显示在这里。</translation>
    </message>
    <message>
        <source>● LIVE, following</source>
        <translation>● 实时，跟随中</translation>
    </message>
    <message>
        <source>● LIVE</source>
        <translation>● 实时</translation>
    </message>
    <message>
        <source>time since start</source>
        <translation>自开始以来的时间</translation>
    </message>
    <message>
        <source>Timeline keys</source>
        <translation>时间线按键</translation>
    </message>
    <message>
        <source>A→B %1</source>
        <translation>A→B %1</translation>
    </message>
    <message>
        <source>range %1</source>
        <translation>范围 %1</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 个事件</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 个事件</translation>
    </message>
    <message>
        <source>%1, no calls</source>
        <translation>%1，没有调用</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 次调用</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 次调用</translation>
    </message>
    <message>
        <source>%1, %2: min %3 · avg %4 · max %5</source>
        <translation>%1，%2：最小 %3 · 平均 %4 · 最大 %5</translation>
    </message>
    <message>
        <source>%1 items merged in this pixel</source>
        <translation>此像素内合并了 %1 项</translation>
    </message>
    <message>
        <source>buyer called back</source>
        <translation>顾客被叫回</translation>
    </message>
    <message>
        <source>wake-up %1</source>
        <translation>唤醒 %1</translation>
    </message>
    <message>
        <source>buyer called back (wake-up)</source>
        <translation>顾客被叫回（唤醒）</translation>
    </message>
    <message>
        <source>wake-up (scheduler)</source>
        <translation>唤醒（调度器）</translation>
    </message>
    <message>
        <source>packed on the buyer&apos;s time</source>
        <translation>占用顾客的时间打包</translation>
    </message>
    <message>
        <source>task_work copies %1</source>
        <translation>task_work 拷贝 %1</translation>
    </message>
    <message>
        <source>%1: closed to stop the run</source>
        <translation>%1：为结束运行而关闭</translation>
    </message>
    <message>
        <source>at the door, until the shop closed</source>
        <translation>在门口等，直到商店打烊</translation>
    </message>
    <message>
        <source>Space	run the lesson; after it, replay / pause</source>
        <translation>Space	运行本课；运行后回放 / 暂停</translation>
    </message>
    <message>
        <source>R	run again</source>
        <translation>R	再运行一次</translation>
    </message>
    <message>
        <source>A–D, 1–4	pick a prediction</source>
        <translation>A–D、1–4	选择预测</translation>
    </message>
    <message>
        <source>← →	previous / next event</source>
        <translation>← →	上一个 / 下一个事件</translation>
    </message>
    <message>
        <source>F, 0	fit the whole run</source>
        <translation>F、0	显示整个运行</translation>
    </message>
    <message>
        <source>↑ ↓	scroll the lesson text</source>
        <translation>↑ ↓	滚动课文</translation>
    </message>
    <message>
        <source>PgUp, PgDn	previous / next lesson</source>
        <translation>PgUp、PgDn	上一课 / 下一课</translation>
    </message>
    <message>
        <source>F11	full screen</source>
        <translation>F11	全屏</translation>
    </message>
    <message>
        <source>?	this sheet; Esc closes it</source>
        <translation>?	本表；Esc 关闭</translation>
    </message>
    <message>
        <source>Esc	leave presenter mode</source>
        <translation>Esc	退出演示模式</translation>
    </message>
    <message>
        <source>Presenter keys</source>
        <translation>演示模式按键</translation>
    </message>
    <message>
        <source>data queued %1</source>
        <translation>数据入队 %1</translation>
    </message>
    <message>
        <source>N, Enter	next step: idea, prediction, run, verdict (Backspace: back)</source>
        <translation>N、Enter	下一步：思路、预测、运行、结论（Backspace：上一步）</translation>
    </message>
    <message>
        <source>P, Shift+P	pin a note (at the playhead, else the cursor); remove it</source>
        <translation>P、Shift+P	钉一条注释（在播放头处，否则在光标处）；移除它</translation>
    </message>
    <message>
        <source>P	pin a note at the playhead (it shows in pictures)</source>
        <translation>P	在播放头处钉一条注释（会出现在导出的图片中）</translation>
    </message>
</context>
<context>
    <name>VerdictText</name>
    <message>
        <source>blocking</source>
        <translation>阻塞</translation>
    </message>
    <message>
        <source>non-blocking polling</source>
        <translation>非阻塞轮询</translation>
    </message>
    <message>
        <source>epoll, level-triggered</source>
        <translation>epoll，水平触发</translation>
    </message>
    <message>
        <source>epoll, edge-triggered</source>
        <translation>epoll，边沿触发</translation>
    </message>
    <message>
        <source>signal-driven</source>
        <translation>信号驱动</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>no socket I/O</source>
        <translation>无套接字 I/O</translation>
    </message>
    <message>
        <source>1 thread</source>
        <translation>1 个线程</translation>
    </message>
    <message>
        <source>%1 threads</source>
        <translation>%1 个线程</translation>
    </message>
    <message>
        <source>1 connection accepted</source>
        <translation>接受了 1 个连接</translation>
    </message>
    <message>
        <source>%1 connections accepted</source>
        <translation>接受了 %1 个连接</translation>
    </message>
    <message>
        <source>1 EAGAIN read</source>
        <translation>1 次读返回 EAGAIN</translation>
    </message>
    <message>
        <source>%1 EAGAIN reads</source>
        <translation>%1 次读返回 EAGAIN</translation>
    </message>
    <message>
        <source>no socket I/O: %1 system calls seen, none reading or waiting on a socket</source>
        <translation>无套接字 I/O：看到 %1 次系统调用，没有一次读或等待套接字</translation>
    </message>
    <message>
        <source>only accept calls, no socket read</source>
        <translation>只有 accept 调用，没有读套接字</translation>
    </message>
    <message>
        <source>%1 io_uring_setup, %2 io_uring_enter, %3 socket reads by system call</source>
        <translation>%1 次 io_uring_setup，%2 次 io_uring_enter，%3 次用系统调用读套接字</translation>
    </message>
    <message>
        <source>%1 fcntl asking for signals (O_ASYNC, F_SETOWN, F_SETSIG)</source>
        <translation>%1 次 fcntl 请求信号（O_ASYNC、F_SETOWN、F_SETSIG）</translation>
    </message>
    <message>
        <source>1 signal delivered</source>
        <translation>送达 1 个信号</translation>
    </message>
    <message>
        <source>%1 signals delivered</source>
        <translation>送达 %1 个信号</translation>
    </message>
    <message>
        <source>1 read</source>
        <translation>1 次读</translation>
    </message>
    <message>
        <source>%1 reads</source>
        <translation>%1 次读</translation>
    </message>
    <message>
        <source>%1 epoll_create, %2 epoll_wait, %3 EPOLLET registrations of %4</source>
        <translation>%1 次 epoll_create，%2 次 epoll_wait，%4 次注册中 %3 次带 EPOLLET</translation>
    </message>
    <message>
        <source>1 poll call</source>
        <translation>1 次 poll 调用</translation>
    </message>
    <message>
        <source>%1 poll calls</source>
        <translation>%1 次 poll 调用</translation>
    </message>
    <message>
        <source>1 select call</source>
        <translation>1 次 select 调用</translation>
    </message>
    <message>
        <source>%1 select calls</source>
        <translation>%1 次 select 调用</translation>
    </message>
    <message>
        <source>%1 of %2 socket reads came back EAGAIN, no select, poll, epoll or io_uring</source>
        <translation>%2 次读套接字中 %1 次返回 EAGAIN，没有 select、poll、epoll 或 io_uring</translation>
    </message>
    <message>
        <source>%1 socket reads that waited for data, 0 EAGAIN, no select, poll, epoll or io_uring</source>
        <translation>%1 次等待数据的读套接字，0 次 EAGAIN，没有 select、poll、epoll 或 io_uring</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 次调用</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 次调用</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::EventFilterProxy</name>
    <message>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>System calls</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <source>EAGAIN only (wasted calls)</source>
        <translation>仅 EAGAIN（白跑的调用）</translation>
    </message>
    <message>
        <source>Data ready in kernel</source>
        <translation>数据在内核中就绪</translation>
    </message>
    <message>
        <source>Copies to user (phase 2)</source>
        <translation>拷贝到用户空间（阶段 2）</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>就绪通知</translation>
    </message>
    <message>
        <source>Factory (clients)</source>
        <translation>工厂（客户端）</translation>
    </message>
    <message>
        <source>Useful work</source>
        <translation>有用的工作</translation>
    </message>
    <message>
        <source>Connections and errors</source>
        <translation>连接和错误</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::EventListWidget</name>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>Show only one kind of event</source>
        <translation>只显示一类事件</translation>
    </message>
    <message>
        <source>Search events: recvmsg, EAGAIN, message 7…</source>
        <translation>搜索事件：recvmsg、EAGAIN、消息 7…</translation>
    </message>
    <message>
        <source>Shows only events whose description contains this text</source>
        <translation>只显示描述中含有此文字的事件</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 个事件</translation>
    </message>
    <message>
        <source>%1 of %2 events</source>
        <translation>%1 / %2 个事件</translation>
    </message>
    <message>
        <source>client 999</source>
        <translation>客户端 999</translation>
    </message>
    <message>
        <source>searching… %1 found (%2%)</source>
        <translation>正在搜索…已找到 %1 个（%2%）</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::EventTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>泳道</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Time since the first event of the run</source>
        <translation>自本次运行第一个事件以来的时间</translation>
    </message>
    <message>
        <source>Who: a buyer thread (your process), the kernel, or a client</source>
        <translation>谁：顾客线程（你的进程）、内核，或客户端</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>The file descriptor involved</source>
        <translation>涉及的文件描述符</translation>
    </message>
    <message>
        <source>What the call returned (or errno), bytes, or how many were ready</source>
        <translation>调用的返回值（或 errno）、字节数，或就绪的数量</translation>
    </message>
    <message>
        <source>How long the call, copy or work took; for an echo, its round trip</source>
        <translation>调用、拷贝或工作的耗时；对回显而言是往返时间</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::InspectorWidget</name>
    <message>
        <source>No event selected</source>
        <translation>未选中事件</translation>
    </message>
    <message>
        <source>Click an event in the timeline or in the event list to see the call, its result, how long it took, and what it means.</source>
        <translation>在时间线或事件列表中单击一个事件，即可查看调用、结果、耗时及其含义。</translation>
    </message>
    <message>
        <source>In the analogy</source>
        <translation>用买菜刀来比喻</translation>
    </message>
    <message>
        <source>In syscall terms</source>
        <translation>用系统调用来说</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::LatencyController</name>
    <message>
        <source>A comparison is already running.</source>
        <translation>对比已在运行中。</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::LatencyView</name>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Save this chart as a PNG image</source>
        <translation>把这张图保存为 PNG 图片</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Clients:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <source>Clients, each sending on its own fixed schedule (open loop)</source>
        <translation>客户端，各自按固定时间表发送（开环）</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>速率：</translation>
    </message>
    <message>
        <source> msg/s</source>
        <translation> 条/秒</translation>
    </message>
    <message>
        <source>Messages per second, all clients together</source>
        <translation>每秒消息数，所有客户端合计</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>时长：</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>How long each model runs</source>
        <translation>每个模型运行多久</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source> B</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Bytes per message</source>
        <translation>每条消息的字节数</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Latency by percentile</source>
        <translation>各百分位的延迟</translation>
    </message>
    <message>
        <source>percentile as 1/(1−p): 10 = p90, 100 = p99, 1000 = p99.9</source>
        <translation>百分位，以 1/(1−p) 表示：10 = p90，100 = p99，1000 = p99.9</translation>
    </message>
    <message>
        <source>latency (µs)</source>
        <translation>延迟（微秒）</translation>
    </message>
    <message>
        <source>p50 and p99 latency</source>
        <translation>p50 与 p99 延迟</translation>
    </message>
    <message>
        <source>µs</source>
        <translation>微秒</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>msg/s</source>
        <translation>条/秒</translation>
    </message>
    <message>
        <source>throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>Server CPU per message</source>
        <translation>服务器每条消息的 CPU 时间</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Hover a curve or a bar to read its value.</source>
        <translation>把鼠标停在曲线或柱子上即可读出数值。</translation>
    </message>
    <message>
        <source>Tick at least one model.</source>
        <translation>请至少勾选一个模型。</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <source>The models run one after the other with identical parameters: %1 clients, %2 messages/s in total (open loop), %3 ms each, %4 B per message. Machine: %5 cores, %6.</source>
        <translation>各模型依次运行，参数完全相同：%1 个客户端，合计每秒 %2 条消息（开环），每个模型 %3 毫秒，每条消息 %4 字节。机器：%5 个核心，%6。</translation>
    </message>
    <message>
        <source>Running %1 (%2 of %3)…</source>
        <translation>正在运行 %1（第 %2 个，共 %3 个）…</translation>
    </message>
    <message>
        <source>%1 skipped: %2</source>
        <translation>%1 已跳过：%2</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n model(s) compared.</source>
        <translation>
            <numerusform>完成：已对比 %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>A comparison is already running.</source>
        <translation>对比已在运行中。</translation>
    </message>
    <message>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>not a chart</source>
        <translation>不是图表</translation>
    </message>
    <message>
        <source>sigio and io_uring keep working while they wait</source>
        <translation>sigio 和 io_uring 在等待时继续工作</translation>
    </message>
    <message>
        <source>Unticked, sigio and io_uring sleep until there is something to do (in sigtimedwait, in io_uring_enter), as the other models do: a fair comparison. Ticked, they do units of useful work and check for signals or completions between units, as in the lessons: they use a whole core, and their latency shows the length of a unit, not the model.</source>
        <translation>不勾选时，sigio 和 io_uring 像其他模型一样睡眠，直到有事可做（在 sigtimedwait、io_uring_enter 中）：这是公平的比较。勾选时，它们像课程里那样做一个个有用工作单元，并在单元之间检查信号或完成事件：它们会占满一个核心，延迟反映的是工作单元的长度，而不是模型本身。</translation>
    </message>
    <message>
        <source>Each model runs the same open-loop workload, one after the other with identical parameters; latency runs from a message&apos;s intended send time to its whole echo. By default sigio and io_uring sleep until there is something to do, like the other models; when they keep working instead, a message waits for the unit of work in hand, so their tail latency measures their work loop, not the model.</source>
        <translation>每个模型依次运行同一个开环负载，参数完全相同；延迟从消息的预定发送时刻算起，到完整收到回显为止。默认情况下，sigio 和 io_uring 像其他模型一样睡眠，直到有事可做；如果让它们继续工作，消息就要等手头的工作单元做完，于是它们的尾延迟测的是工作循环，而不是模型本身。</translation>
    </message>
    <message>
        <source>%1 (sleeps)</source>
        <translation>%1（睡眠）</translation>
    </message>
    <message>
        <source>%1 (keeps working)</source>
        <translation>%1（继续工作）</translation>
    </message>
    <message>
        <source>io_uring also as:</source>
        <translation>io_uring 另加：</translation>
    </message>
    <message>
        <source>One receive per connection that stays armed, into buffers the kernel picks from a ring the server provided (Linux 6.0): no resubmission after each message, no buffer held by a quiet connection</source>
        <translation>每个连接只提交一次、始终待命的接收，数据放进服务器预先提供的缓冲区环中由内核挑选的缓冲区（Linux 6.0）：每条消息后无需重新提交，安静的连接也不占用缓冲区</translation>
    </message>
    <message>
        <source>IORING_SETUP_DEFER_TASKRUN (Linux 6.1): the kernel&apos;s copies wait until the server asks for completions and run then, in one batch, in its thread</source>
        <translation>IORING_SETUP_DEFER_TASKRUN（Linux 6.1）：内核的复制等到服务器索取完成事件时，才在服务器自己的线程里一批执行</translation>
    </message>
    <message>
        <source>Both: multishot receives and deferred task_work</source>
        <translation>两者兼有：multishot 接收加延后的 task_work</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::LessonChecks</name>
    <message>
        <source>bad check: the value &apos;%1&apos; is neither a whole number, nor one of %2, nor a fact</source>
        <translation>检查写错了：值“%1”既不是整数，也不是 %2 之一，也不是一个事实</translation>
    </message>
    <message>
        <source>bad check: unknown fact &apos;%1&apos; (known: %2)</source>
        <translation>检查写错了：没有“%1”这个事实（已知的有：%2）</translation>
    </message>
    <message>
        <source>bad check: &apos;%1&apos; is not one of the lesson&apos;s models (%2)</source>
        <translation>检查写错了：“%1”不是本课的模型之一（%2）</translation>
    </message>
    <message>
        <source>bad check: &apos;fds&apos; is a scan or register lesson&apos;s value</source>
        <translation>检查写错了：“fds”只用于扫描课或登记课</translation>
    </message>
    <message>
        <source>bad check: expected &apos;(probe) [model] fact op value: claim&apos; ((probe) and [model] optional; op is one of == != &gt;= &lt;= &gt; &lt;), found &apos;%1&apos;</source>
        <translation>检查写错了：应为“(probe) [模型] 事实 比较符 值: 说法”（(probe) 和 [模型] 可省略；比较符是 == != &gt;= &lt;= &gt; &lt; 之一），实际是“%1”</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::LessonLibrary</name>
    <message>
        <source>the lesson folder does not exist</source>
        <translation>课程文件夹不存在</translation>
    </message>
    <message>
        <source>cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::LessonPane</name>
    <message>
        <source>✓ run, prediction right · ● run · ○ not yet run</source>
        <translation>✓ 已运行，预测正确 · ● 已运行 · ○ 尚未运行</translation>
    </message>
    <message>
        <source>Predict, then run to check</source>
        <translation>先预测，再运行验证</translation>
    </message>
    <message>
        <source>Mistakes to try</source>
        <translation>可以试一试的错误做法</translation>
    </message>
    <message>
        <source>Edge-triggered, but stop reading before EAGAIN (et-no-drain)</source>
        <translation>边沿触发，却没读到 EAGAIN 就停手（et-no-drain）</translation>
    </message>
    <message>
        <source>Descriptors numbered above 1023 (high-fd)</source>
        <translation>描述符编号超过 1023（high-fd）</translation>
    </message>
    <message>
        <source>Several waiters on one listening socket (thundering-herd)</source>
        <translation>多个等待者守着同一个监听套接字（thundering-herd）</translation>
    </message>
    <message>
        <source>A tiny kernel receive buffer (tiny-rcvbuf)</source>
        <translation>极小的内核接收缓冲区（tiny-rcvbuf）</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一课</translation>
    </message>
    <message>
        <source>Run the lesson</source>
        <translation>运行本课</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一课 ▶</translation>
    </message>
    <message numerus="yes">
        <source>%n lesson file(s) could not be loaded:</source>
        <translation>
            <numerusform>有 %n 个课程文件无法加载：</numerusform>
        </translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>Run; your prediction was right</source>
        <translation>已运行；你的预测正确</translation>
    </message>
    <message>
        <source>Run; try the prediction again</source>
        <translation>已运行；再预测一次试试</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中……</translation>
    </message>
    <message>
        <source>Run to check</source>
        <translation>运行验证</translation>
    </message>
    <message>
        <source>You did not predict.</source>
        <translation>你没有做预测。</translation>
    </message>
    <message>
        <source>The answer: %1</source>
        <translation>答案：%1</translation>
    </message>
    <message>
        <source>Your prediction, %1, was right.</source>
        <translation>你的预测 %1 是对的。</translation>
    </message>
    <message>
        <source>Your prediction was %1; the run says %2.</source>
        <translation>你预测的是 %1；运行结果是 %2。</translation>
    </message>
    <message>
        <source>What the run showed:</source>
        <translation>这次运行显示：</translation>
    </message>
    <message>
        <source>Predict again</source>
        <translation>重新预测</translation>
    </message>
    <message>
        <source>The lesson&apos;s claims, checked on this run:</source>
        <translation>本课的说法，在这次运行上逐条检查：</translation>
    </message>
    <message>
        <source>(not in this run: %1 %2 %3 does not hold, it is %4)</source>
        <translation>（这次运行不成立：%1 %2 %3 不成立，实际是 %4）</translation>
    </message>
    <message>
        <source>See this race as Stevens&apos; figure 6.6, measured</source>
        <translation>把这场比赛看成 Stevens 的图 6.6（实测）</translation>
    </message>
    <message>
        <source>You changed the mistakes after this run: its verdict no longer describes what they do. Run the lesson again to see.</source>
        <translation>这次运行之后你改动了故意犯错的选项：它的结论已不能说明这些错误的效果。请再运行一次本课看看。</translation>
    </message>
    <message>
        <source>The experiment “%1”, run for real:</source>
        <translation>实验“%1”，真实运行：</translation>
    </message>
    <message>
        <source>Its claims, checked on this run:</source>
        <translation>它的论断，在这次运行上检查：</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::MainWindow</name>
    <message>
        <source>ioscope — the five I/O models, run for real</source>
        <translation>ioscope——五种 I/O 模型，真实运行</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>竞速</translation>
    </message>
    <message>
        <source>Pick a model and press Run.</source>
        <translation>选一个模型，然后按“运行”。</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Analogy: buyer, shopkeeper, factory</source>
        <translation>比喻(&amp;A)：顾客、店主、工厂</translation>
    </message>
    <message>
        <source>&amp;Syscalls: recvmsg, epoll_wait, EAGAIN</source>
        <translation>系统调用(&amp;S)：recvmsg、epoll_wait、EAGAIN</translation>
    </message>
    <message>
        <source>&amp;Follow live</source>
        <translation>实时跟随(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Fit the whole run</source>
        <translation>显示整个运行(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>时间线(&amp;T)</translation>
    </message>
    <message>
        <source>R&amp;ace</source>
        <translation>竞速(&amp;A)</translation>
    </message>
    <message>
        <source>  Look: </source>
        <translation>  视角：</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts on the timeline (?)</source>
        <translation>时间线键盘快捷键(&amp;K)（?）</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>正在运行 %1…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Stopped. %n event(s) recorded.</source>
        <translation>
            <numerusform>已停止。记录了 %n 个事件。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 messages echoed and verified; %3 EAGAIN; latency p50 %4, p99 %5.</source>
        <translation>%1：%2 条消息已回显并校验；%3 次 EAGAIN；延迟 p50 %4，p99 %5。</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 events, %2 DROPPED (the trace is incomplete)</source>
        <translation>%1 个事件，丢弃 %2 个（跟踪不完整）</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>扫描(&amp;S)</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>&amp;Latency</source>
        <translation>延迟(&amp;L)</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open a folder of lessons (*.md)</source>
        <translation>打开课程文件夹（*.md）</translation>
    </message>
    <message>
        <source>L&amp;essons pane</source>
        <translation>课程面板(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Presenter mode (full screen, large type)</source>
        <translation>演示模式（全屏、大字）(&amp;P)</translation>
    </message>
    <message>
        <source>Lesso&amp;ns</source>
        <translation>课程(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Run the lesson</source>
        <translation>运行本课(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Previous lesson</source>
        <translation>上一课(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next lesson</source>
        <translation>下一课(&amp;N)</translation>
    </message>
    <message>
        <source>Lesson: %1. Predict, then run it.</source>
        <translation>课程：%1。先预测，再运行。</translation>
    </message>
    <message>
        <source>The run was stopped before the end.</source>
        <translation>运行在结束前被停止了。</translation>
    </message>
    <message>
        <source>%1 of %2 messages echoed and verified</source>
        <translation>%2 条消息中有 %1 条已回显并校验</translation>
    </message>
    <message numerus="yes">
        <source>%n lesson file(s) loaded from %1.</source>
        <translation>
            <numerusform>已从 %1 加载 %n 个课程文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lesson file(s) loaded; %1 could not be (see the Lessons pane).</source>
        <translation>
            <numerusform>已加载 %n 个课程文件；%1 个无法加载（见课程面板）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The trace is incomplete (%1 events dropped): these counts are lower bounds.</source>
        <translation>跟踪不完整（丢弃了 %1 个事件）：以上计数只是下限。</translation>
    </message>
    <message>
        <source>&amp;Language / 语言</source>
        <translation>语言(&amp;L) / Language</translation>
    </message>
    <message>
        <source>Kernel side measured (eBPF).</source>
        <translation>内核一侧为实测（eBPF）。</translation>
    </message>
    <message>
        <source>Kernel side inferred (probe off).</source>
        <translation>内核一侧为推断（探针已关闭）。</translation>
    </message>
    <message>
        <source>Kernel side inferred: %1.</source>
        <translation>内核一侧为推断：%1。</translation>
    </message>
    <message>
        <source>&amp;Zoom to the wake-up and copy the kernel measured</source>
        <translation>放大到内核实测的唤醒和拷贝(&amp;Z)</translation>
    </message>
    <message>
        <source>Nothing in this run was measured in the kernel: tick Kernel probe (it needs root or CAP_BPF+CAP_PERFMON) and run again.</source>
        <translation>这次运行没有任何内核实测数据：请勾选“内核探针”（需要 root 或 CAP_BPF+CAP_PERFMON 权限）后再运行。</translation>
    </message>
    <message>
        <source>This run was not the lesson&apos;s own: the mistakes switched on were %1 (the lesson runs with %2). The claims below are checked on the run you made; one that does not hold shows what the change did.</source>
        <translation>这次运行不是本课原本的设置：打开的错误是 %1（本课用的是 %2）。下面的说法是在你这次运行上检查的；不成立的那条，正说明了这个改动带来了什么。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Figure 6.6</source>
        <translation>图 6.6</translation>
    </message>
    <message>
        <source>&amp;Figure 6.6 (the last race, measured)</source>
        <translation>图 6.6（上一场比赛，实测）(&amp;F)</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>&amp;Register (epoll_ctl vs a batch)</source>
        <translation>登记（epoll_ctl 对比批量）(&amp;R)</translation>
    </message>
    <message>
        <source>Previous run (%1), not this lesson&apos;s: press Run</source>
        <translation>上一次运行（%1），不是本课的：请按“运行”</translation>
    </message>
    <message>
        <source>Analogy</source>
        <translation>比喻</translation>
    </message>
    <message>
        <source>Analogy: buyer, shopkeeper, factory (Ctrl+1)</source>
        <translation>比喻：顾客、店主、工厂（Ctrl+1）</translation>
    </message>
    <message>
        <source>Syscalls</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <source>Syscalls: recvmsg, epoll_wait, EAGAIN (Ctrl+2)</source>
        <translation>系统调用：recvmsg、epoll_wait、EAGAIN（Ctrl+2）</translation>
    </message>
    <message>
        <source>Cannot trace: %1</source>
        <translation>无法追踪：%1</translation>
    </message>
    <message>
        <source>process %1</source>
        <translation>进程 %1</translation>
    </message>
    <message>
        <source>Tracing %1 with the kernel probe… Stop ends the trace.</source>
        <translation>正在用内核探针追踪 %1……按“停止”结束追踪。</translation>
    </message>
    <message>
        <source>The trace failed: %1</source>
        <translation>追踪失败：%1</translation>
    </message>
    <message>
        <source>%1: %2 (confidence %3)</source>
        <translation>%1：%2（置信度 %3）</translation>
    </message>
    <message>
        <source>&amp;Trace a program…</source>
        <translation>追踪一个程序(&amp;T)…</translation>
    </message>
    <message>
        <source>Open an &amp;strace log…</source>
        <translation>打开 strace 日志(&amp;S)…</translation>
    </message>
    <message>
        <source>Open an strace log (strace -f -tt -T -yy -o LOG)</source>
        <translation>打开 strace 日志（strace -f -tt -T -yy -o LOG）</translation>
    </message>
    <message>
        <source>strace logs (*.log *.txt *.strace);;All files (*)</source>
        <translation>strace 日志 (*.log *.txt *.strace);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Traced pid %1: %2. Kernel side measured: %3 arrivals from %4 peers.</source>
        <translation>已追踪 pid %1：%2。内核一侧实测：来自 %4 个对端的 %3 次数据到达。</translation>
    </message>
    <message>
        <source>%1 — hands up: %2?</source>
        <translation>%1 —— 请举手：%2？</translation>
    </message>
    <message>
        <source>%1 — the run is still going: the verdict comes when it ends</source>
        <translation>%1 —— 运行还在进行：结束后给出结论</translation>
    </message>
    <message>
        <source>long run: %1 EAGAIN calls counted, not drawn, from %2</source>
        <translation>长时间运行：从 %2 起，%1 次 EAGAIN 调用只计数、不绘制</translation>
    </message>
    <message>
        <source>nothing drawn after %1 (%2 more events counted)</source>
        <translation>%1 之后不再绘制（另有 %2 个事件只计数）</translation>
    </message>
    <message>
        <source>A long run keeps every event for its first %1 events; then calls that found nothing (EAGAIN) are counted on their row instead of drawn, and after %2 events nothing more is kept, so the window&apos;s memory stays bounded however long the run goes on. The run itself is not changed, and its summary counts every call.</source>
        <translation>长时间运行时，前 %1 个事件全部保留；之后什么也没取到的调用（EAGAIN）只在所在行上计数、不再绘制；到 %2 个事件之后不再保留任何事件。这样无论运行多久，窗口占用的内存都有上限。运行本身不受影响，它的摘要仍统计每一次调用。</translation>
    </message>
    <message>
        <source>&amp;Open recording…</source>
        <translation>打开录制(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save recording…</source>
        <translation>保存录制(&amp;S)…</translation>
    </message>
    <message>
        <source>Open &amp;lessons folder…</source>
        <translation>打开课程文件夹(&amp;L)…</translation>
    </message>
    <message>
        <source>Cannot save the recording: %1</source>
        <translation>无法保存录制：%1</translation>
    </message>
    <message>
        <source>Stop the run before opening a recording.</source>
        <translation>请先停止运行，再打开录制。</translation>
    </message>
    <message>
        <source>Cannot open the recording: %1</source>
        <translation>无法打开录制：%1</translation>
    </message>
    <message>
        <source>an unnamed machine</source>
        <translation>一台未命名的机器</translation>
    </message>
    <message numerus="yes">
        <source>Linux %1, %2, %n CPU(s), clock %3</source>
        <translation>
            <numerusform>Linux %1，%2，%n 个 CPU，时钟源 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Recording %1, made on %2 (%3) on %4 by ioscope %5. Nothing is running: Run makes the run again, live, on this machine.</source>
        <translation>录制 %1：由 ioscope %5 于 %4 在 %2（%3）上录下。现在没有任何东西在运行：按“运行”会在这台机器上真实地再跑一次。</translation>
    </message>
    <message>
        <source>It was lesson %1&apos;s run, which is not loaded here.</source>
        <translation>它是课程 %1 的运行，但这里没有加载这门课。</translation>
    </message>
    <message>
        <source>%1 — recording — ioscope</source>
        <translation>%1 — 录制 — ioscope</translation>
    </message>
    <message>
        <source>Save the timeline&apos;s run as a recording</source>
        <translation>把时间线上的运行保存为录制</translation>
    </message>
    <message>
        <source>ioscope recordings (*.ioscope)</source>
        <translation>ioscope 录制 (*.ioscope)</translation>
    </message>
    <message>
        <source>Open a recording</source>
        <translation>打开录制</translation>
    </message>
    <message>
        <source>Saved the %1 as %2 (%3 events, %4 KiB).</source>
        <translation>已将这次%1保存为 %2（%3 个事件，%4 KiB）。</translation>
    </message>
    <message>
        <source>race</source>
        <translation>竞速</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cannot open the recording: %1 holds no run.</source>
        <translation>无法打开录制：%1 里没有任何运行。</translation>
    </message>
    <message>
        <source>A race of %1.</source>
        <translation>这是 %1 的竞速。</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Only part of the recording could be read: %1</source>
        <translation>录制只能读出一部分：%1</translation>
    </message>
    <message>
        <source>● Recording %1, made on %2, %3</source>
        <translation>● 录制 %1，录于 %2，%3</translation>
    </message>
    <message>
        <source>Cannot open the trace: %1</source>
        <translation>无法打开跟踪：%1</translation>
    </message>
    <message>
        <source>● Trace %1 (Chrome JSON)</source>
        <translation>● 跟踪 %1（Chrome JSON）</translation>
    </message>
    <message>
        <source>The Chrome JSON trace %1, written by ioscope-cli run --trace: every event as it was recorded. The file does not say where or when it was made, the message size or the probe&apos;s report. Nothing is running: Run makes the run again, live, on this machine.</source>
        <translation>Chrome JSON 跟踪 %1，由 ioscope-cli run --trace 写出：每个事件都与录下时一致。这个文件不记录它在哪里、何时生成，也不记录消息大小和探针的报告。现在没有任何东西在运行：按“运行”会在这台机器上真实地再跑一次。</translation>
    </message>
    <message>
        <source>%1 — trace — ioscope</source>
        <translation>%1 — 跟踪 — ioscope</translation>
    </message>
    <message>
        <source>ioscope recordings (*.ioscope);;Chrome JSON traces written by ioscope (*.json);;All files (*)</source>
        <translation>ioscope 录制 (*.ioscope);;ioscope 写出的 Chrome JSON 跟踪 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>This machine cannot make this run (%1), so this is the run recorded for the lesson on %2 (Linux %3, %4) on %5.</source>
        <translation>这台机器无法进行这次运行（%1），所以这里显示的是为本课在 %2（Linux %3，%4）上于 %5 录下的运行。</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::RaceView</name>
    <message>
        <source>Cannot run here: %1</source>
        <translation>无法在此运行：%1</translation>
    </message>
    <message>
        <source>Start race</source>
        <translation>开始竞速</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Pick between %1 and %2 models to race.</source>
        <translation>请选择 %1 到 %2 个模型来竞速。</translation>
    </message>
    <message>
        <source>%1 cannot run: %2</source>
        <translation>%1 无法运行：%2</translation>
    </message>
    <message>
        <source>Racing %1 models: %2 clients × %3 messages of %4 B, one every %5.</source>
        <translation>%1 个模型竞速：%2 个客户端 × %3 条 %4 B 的消息，每 %5 一条。</translation>
    </message>
    <message>
        <source>Race finished.</source>
        <translation>竞速结束。</translation>
    </message>
    <message>
        <source>Race:</source>
        <translation>竞速：</translation>
    </message>
    <message>
        <source>Race these models: the same scenario, started at the same moment</source>
        <translation>让这些模型竞速：同样的场景，同一时刻开始</translation>
    </message>
    <message>
        <source>Stop the race before saving it.</source>
        <translation>请先停止竞速，再保存。</translation>
    </message>
    <message>
        <source>Nothing to save yet: run a race first.</source>
        <translation>还没有可保存的内容：请先进行一次竞速。</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::RegistrationView</name>
    <message>
        <source>&lt;b&gt;Registering interest&lt;/b&gt;: N descriptors handed to epoll, one epoll_ctl call each, or all in one io_uring_enter</source>
        <translation>&lt;b&gt;登记关注&lt;/b&gt;：把 N 个描述符交给 epoll，每个一次 epoll_ctl 调用，或者全部放进一次 io_uring_enter</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>way</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>system calls</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <source>time (median)</source>
        <translation>时间（中位数）</translation>
    </message>
    <message>
        <source>per descriptor</source>
        <translation>每个描述符</translation>
    </message>
    <message>
        <source>took effect</source>
        <translation>是否生效</translation>
    </message>
    <message>
        <source>&lt;b&gt;One epoll loop, many kinds of event&lt;/b&gt;: a socket, a timer (timerfd), a signal (signalfd), a child process (pidfd)</source>
        <translation>&lt;b&gt;一个 epoll 循环，多种事件&lt;/b&gt;：一个套接字、一个定时器（timerfd）、一个信号（signalfd）、一个子进程（pidfd）</translation>
    </message>
    <message>
        <source>epoll_wait</source>
        <translation>epoll_wait</translation>
    </message>
    <message>
        <source>after</source>
        <translation>经过</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>what</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>测量中…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>跳过：%1</translation>
    </message>
    <message>
        <source>yes, %1 of %2</source>
        <translation>是，%2 个中的 %1 个</translation>
    </message>
    <message>
        <source>NO: %1</source>
        <translation>否：%1</translation>
    </message>
    <message>
        <source>not here: %1</source>
        <translation>这里没有：%1</translation>
    </message>
    <message>
        <source>Done: the system calls are exact; the times are this machine&apos;s own.</source>
        <translation>完成：系统调用次数是精确的；时间是这台机器自己的。</translation>
    </message>
    <message>
        <source>a byte from the peer (a knife at the counter)</source>
        <translation>对端发来一个字节（柜台上到了一把菜刀）</translation>
    </message>
    <message>
        <source>the timer went off</source>
        <translation>定时器到点了</translation>
    </message>
    <message>
        <source>a signal arrived (SIGUSR1)</source>
        <translation>来了一个信号（SIGUSR1）</translation>
    </message>
    <message>
        <source>the child process exited</source>
        <translation>子进程退出了</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::RunController</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Stop the run before saving it.</source>
        <translation>请先停止运行，再保存。</translation>
    </message>
    <message>
        <source>Nothing to save yet: run a model first.</source>
        <translation>还没有可保存的内容：请先运行一个模型。</translation>
    </message>
    <message>
        <source>This recording holds %1 runs; open it as a race.</source>
        <translation>这个录制里有 %1 次运行，请作为竞速打开。</translation>
    </message>
    <message>
        <source>%1 (the %2 events before it are shown)</source>
        <translation>%1（显示了它之前的 %2 个事件）</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::RunFacts</name>
    <message>
        <source>Reads that got data (phase 2, the knife handed over): %1</source>
        <translation>拿到数据的读取（阶段 2，店主交出菜刀）：%1</translation>
    </message>
    <message>
        <source>Calls that came back EAGAIN (&quot;not yet&quot;, a wasted trip): %1</source>
        <translation>返回 EAGAIN 的调用（“还没到”，白跑一趟）：%1</translation>
    </message>
    <message>
        <source>Reads that slept in the kernel until data came (phase 1 inside the call): %1</source>
        <translation>在内核里睡到数据到来的读取（调用内的阶段 1）：%1</translation>
    </message>
    <message>
        <source>Readiness calls (select, poll, epoll_wait, io_uring_enter, sigtimedwait): %1</source>
        <translation>就绪等待调用（select、poll、epoll_wait、io_uring_enter、sigtimedwait）：%1</translation>
    </message>
    <message>
        <source>Notifications delivered (ready sets, completions, signals): %1</source>
        <translation>送达的通知（就绪集合、完成事件、信号）：%1</translation>
    </message>
    <message>
        <source>Of those, signals (SIGIO): %1</source>
        <translation>其中信号（SIGIO）：%1</translation>
    </message>
    <message>
        <source>Wake-ups that found nothing ready: %1</source>
        <translation>醒来却发现什么都没就绪的次数：%1</translation>
    </message>
    <message>
        <source>Copies the kernel did for the process (io_uring): %1</source>
        <translation>内核替进程完成的拷贝（io_uring）：%1</translation>
    </message>
    <message>
        <source>Descriptors examined by readiness calls: %1</source>
        <translation>就绪等待调用检查的描述符：%1</translation>
    </message>
    <message>
        <source>%1 reads with data, %2 EAGAIN, %3 waits in the kernel, %4 notifications</source>
        <translation>%1 次读到数据，%2 次 EAGAIN，%3 次在内核里等待，%4 次通知</translation>
    </message>
    <message>
        <source>Receive calls the process made: %1</source>
        <translation>进程发出的接收调用：%1</translation>
    </message>
    <message>
        <source>Completions reaped: %1</source>
        <translation>收取的完成通知：%1</translation>
    </message>
    <message>
        <source>Buyer threads that got data (the door&apos;s thread not counted): %1</source>
        <translation>拿到数据的买家线程（门口那个线程不算）：%1</translation>
    </message>
    <message>
        <source>no receive call, %1 copies by the kernel, %2 completions reaped</source>
        <translation>没有接收调用，内核复制 %1 次，收取完成通知 %2 个</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::ScanBoard</name>
    <message>
        <source>ready list</source>
        <translation>就绪列表</translation>
    </message>
    <message>
        <source>Press Run sweep to measure</source>
        <translation>按“开始测量”进行测量</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::ScanController</name>
    <message>
        <source>A sweep is already running.</source>
        <translation>扫描测量已在进行中。</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::ScanView</name>
    <message>
        <source>%1 ns</source>
        <translation>%1 ns</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>select</source>
        <translation>select</translation>
    </message>
    <message>
        <source>poll</source>
        <translation>poll</translation>
    </message>
    <message>
        <source>io_uring too</source>
        <translation>也测 io_uring</translation>
    </message>
    <message>
        <source>The N values of the sweep, comma-separated.</source>
        <translation>要测量的各个 N 值，用逗号分隔。</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>开始测量</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Students N:</source>
        <translation>学生数 N：</translation>
    </message>
    <message>
        <source>Done k:</source>
        <translation>已完成 k：</translation>
    </message>
    <message>
        <source>Left:</source>
        <translation>左侧：</translation>
    </message>
    <message>
        <source>Sweep N:</source>
        <translation>测量 N：</translation>
    </message>
    <message>
        <source>Rounds:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>N: descriptors watched</source>
        <translation>N：监视的描述符数</translation>
    </message>
    <message>
        <source>Press Run sweep: the machine measures each mechanism at every N.</source>
        <translation>按“开始测量”：本机会在每个 N 下测量每种机制。</translation>
    </message>
    <message>
        <source>The sweep wants numbers separated by commas, e.g. 10,100,1000.</source>
        <translation>测量的 N 值应是用逗号分隔的数字，例如 10,100,1000。</translation>
    </message>
    <message>
        <source>Measuring… each point appears as soon as it is known.</source>
        <translation>正在测量…每个点一测出就会显示。</translation>
    </message>
    <message>
        <source>FD_SETSIZE = %1: select&apos;s wall</source>
        <translation>FD_SETSIZE = %1：select 的上限</translation>
    </message>
    <message>
        <source>epoll</source>
        <translation>epoll</translation>
    </message>
    <message>
        <source>io_uring</source>
        <translation>io_uring</translation>
    </message>
    <message>
        <source>Stopped. The points measured so far stay on the chart.</source>
        <translation>已停止。已测出的点仍保留在图上。</translation>
    </message>
    <message>
        <source>select: the teacher asks every student, every call</source>
        <translation>select：每次调用，老师都要问遍每个学生</translation>
    </message>
    <message>
        <source>poll: the teacher asks every student, every call</source>
        <translation>poll：每次调用，老师都要问遍每个学生</translation>
    </message>
    <message>
        <source>Descriptors examined: N per call</source>
        <translation>检查的描述符：每次调用 N 个</translation>
    </message>
    <message>
        <source>Not measured yet at N = %1.</source>
        <translation>尚未在 N = %1 下测量。</translation>
    </message>
    <message>
        <source>Measured: %1 per call (min %2, max %3)</source>
        <translation>实测：每次调用 %1（最小 %2，最大 %3）</translation>
    </message>
    <message>
        <source>epoll: the students who are done raise their hands</source>
        <translation>epoll：做完的学生自己举手</translation>
    </message>
    <message>
        <source>Examined per call: k</source>
        <translation>每次调用检查：k 个</translation>
    </message>
    <message>
        <source>fd_set copies in and out</source>
        <translation>fd_set 拷入又拷出</translation>
    </message>
    <message>
        <source>pollfd array copies in and out</source>
        <translation>pollfd 数组拷入又拷出</translation>
    </message>
    <message>
        <source>Call %1 of %2.  %3: %4.  Descriptors examined: %5 per call. Ready: %6.</source>
        <translation>第 %1 / %2 次调用。  %3：%4。  检查的描述符：每次调用 %5 个。就绪：%6 个。</translation>
    </message>
    <message>
        <source>Call %1 of %2.  epoll_ctl calls: %3 (once, at registration).  Examined per call: %4. Ready: %5.</source>
        <translation>第 %1 / %2 次调用。  epoll_ctl 调用：%3 次（注册时一次性完成）。  每次调用检查：%4 个。就绪：%5 个。</translation>
    </message>
    <message>
        <source>Registration took %1 in all.</source>
        <translation>注册共用时 %1。</translation>
    </message>
    <message>
        <source>µs per call</source>
        <translation>每次调用的 µs</translation>
    </message>
    <message>
        <source>%1 skipped at N = %2: %3</source>
        <translation>%1 在 N = %2 时跳过：%3</translation>
    </message>
    <message>
        <source>Done: %1 results, each the median of %2 waiting calls. Largest N here: %3.</source>
        <translation>完成：共 %1 个结果，每个是 %2 次等待调用的中位数。本次最大的 N：%3。</translation>
    </message>
    <message>
        <source>(select scans every number from 0 to %1.)</source>
        <translation>（select 会扫描从 0 到 %1 的每个编号。）</translation>
    </message>
    <message>
        <source>A teacher asks %1 students one by one whether their homework is done (select, poll), or the students who are done (k = %2) raise their hands (epoll). Each box is one descriptor; the animation replays the real run&apos;s counts.</source>
        <translation>老师挨个问 %1 个学生作业做完没有（select、poll）；或者做完的学生（k = %2）自己举手（epoll）。每个方格是一个描述符，动画重放的是真实运行测得的计数。</translation>
    </message>
    <message>
        <source>Median cost of one waiting call as N grows (k = %1 ready)</source>
        <translation>随 N 增长，一次等待调用的耗时中位数（k = %1 个就绪）</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::ScenarioPanel</name>
    <message>
        <source>%1 (unavailable)</source>
        <translation>%1（不可用）</translation>
    </message>
    <message>
        <source>Cannot run here: %1</source>
        <translation>无法在此运行：%1</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source> B</source>
        <translation> B</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Clients: the factory&apos;s connections</source>
        <translation>客户端：工厂的连接数</translation>
    </message>
    <message>
        <source>Messages each client sends</source>
        <translation>每个客户端发送的消息数</translation>
    </message>
    <message>
        <source>Bytes per message</source>
        <translation>每条消息的字节数</translation>
    </message>
    <message>
        <source>Time between one client&apos;s messages (open loop)</source>
        <translation>同一客户端两条消息之间的间隔（开环）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Edge-triggered without draining (et-no-drain): one short read per wake-up</source>
        <translation>边沿触发却不读空（et-no-drain）：每次唤醒只读一小段</translation>
    </message>
    <message>
        <source>Descriptors above 1023 (high-fd): select cannot watch them</source>
        <translation>描述符大于 1023（high-fd）：select 无法监视它们</translation>
    </message>
    <message>
        <source>Thundering herd (thundering-herd): every waiter woken for one connection</source>
        <translation>惊群（thundering-herd）：一个新连接唤醒所有等待者</translation>
    </message>
    <message>
        <source>Tiny receive buffer (tiny-rcvbuf): big messages arrive in pieces</source>
        <translation>极小的接收缓冲区（tiny-rcvbuf）：大消息被拆成碎片到达</translation>
    </message>
    <message>
        <source>Mistakes to try: deliberate bugs the run will show</source>
        <translation>可以试一试的错误做法：故意引入的缺陷，运行时会显现出来</translation>
    </message>
    <message>
        <source>Mistakes: none</source>
        <translation>故意犯错：无</translation>
    </message>
    <message numerus="yes">
        <source>Mistakes: %n on</source>
        <translation>
            <numerusform>故意犯错：开了 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Kernel probe</source>
        <translation>内核探针</translation>
    </message>
    <message>
        <source>Measure the kernel&apos;s side with eBPF: data queued on the socket, the waiting thread woken, the copy to user memory, io_uring&apos;s steps</source>
        <translation>用 eBPF 实测内核一侧：数据排入套接字、等待的线程被唤醒、拷贝到用户内存、io_uring 的各个步骤</translation>
    </message>
    <message>
        <source>The kernel probe cannot run here, so the kernel&apos;s side is inferred from user space: %1</source>
        <translation>内核探针无法在此运行，因此内核一侧从用户空间推断：%1</translation>
    </message>
    <message>
        <source>One standing receive per connection (multishot RECVMSG, Linux 6.0) into buffers the kernel picks from a ring given once: no new submission after each message</source>
        <translation>每个连接一个常驻的接收请求（multishot RECVMSG，Linux 6.0），数据放进内核从一次性提供的缓冲区环中挑出的缓冲区：每条消息之后无需重新提交</translation>
    </message>
    <message>
        <source>The kernel&apos;s copies wait until the server asks for completions, and run then in one batch inside its io_uring_enter (SINGLE_ISSUER | DEFER_TASKRUN, Linux 6.1)</source>
        <translation>内核的拷贝一直等到服务器来取完成事件，然后在它的 io_uring_enter 里一次性批量执行（SINGLE_ISSUER | DEFER_TASKRUN，Linux 6.1）</translation>
    </message>
    <message>
        <source>Both: a standing multishot receive, and the copies deferred to io_uring_enter</source>
        <translation>两者兼用：常驻的 multishot 接收，拷贝推迟到 io_uring_enter 中执行</translation>
    </message>
    <message>
        <source>Classroom</source>
        <translation>课堂</translation>
    </message>
    <message>
        <source>Two clients, a knife about once a second: slow enough for the room to watch the buyer wait for each one</source>
        <translation>两个客户端，大约每秒一把刀：慢到全班都能看着顾客等每一把刀</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Four clients, 200 messages 1 ms apart: run at full speed, then zoom into the timeline to read it</source>
        <translation>四个客户端，每个 200 条消息、间隔 1 ms：全速跑完，再放大时间线细看</translation>
    </message>
    <message>
        <source>The workload as you set it</source>
        <translation>你自己设定的负载</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::SpeakerNotes</name>
    <message>
        <source>Speaker notes</source>
        <translation>讲者备注</translation>
    </message>
    <message>
        <source>(no note for this step)</source>
        <translation>（这一步没有备注）</translation>
    </message>
    <message>
        <source>Next (N or Enter): %1</source>
        <translation>下一步（N 或 Enter）：%1</translation>
    </message>
    <message>
        <source>Next (N or Enter): the next lesson</source>
        <translation>下一步（N 或 Enter）：下一课</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::StevensFigure</name>
    <message>
        <source>no such model</source>
        <translation>没有这个模型</translation>
    </message>
    <message>
        <source>blocking I/O</source>
        <translation>阻塞 I/O</translation>
    </message>
    <message>
        <source>non-blocking I/O</source>
        <translation>非阻塞 I/O</translation>
    </message>
    <message>
        <source>signal-driven I/O</source>
        <translation>信号驱动 I/O</translation>
    </message>
    <message>
        <source>asynchronous I/O</source>
        <translation>异步 I/O</translation>
    </message>
    <message>
        <source>I/O multiplexing</source>
        <translation>I/O 多路复用</translation>
    </message>
    <message numerus="yes">
        <source>%1, median of %n</source>
        <translation>
            <numerusform>%1，%n 次中的中位数</numerusform>
        </translation>
    </message>
    <message>
        <source>asynchronous</source>
        <translation>异步</translation>
    </message>
    <message>
        <source>The five I/O models, measured (Stevens, UNP vol. 1, fig. 6.6)</source>
        <translation>五种 I/O 模型，实测（Stevens《UNIX 网络编程》卷一，图 6.6）</translation>
    </message>
    <message>
        <source>One real receive per model: the median of its run. Each column has its own scale, shared by all rows.</source>
        <translation>每个模型取一次真实的接收：它这次运行的中位数。每一列有自己的刻度，各行共用。</translation>
    </message>
    <message>
        <source>Phase 1: wait for data</source>
        <translation>阶段一：等待数据</translation>
    </message>
    <message>
        <source>Phase 2: copy data from kernel to user</source>
        <translation>阶段二：把数据从内核复制到用户空间</translation>
    </message>
    <message>
        <source>Not available here: %1</source>
        <translation>这里不可用：%1</translation>
    </message>
    <message>
        <source>Not measured yet: run this model.</source>
        <translation>还没有测量：运行这个模型。</translation>
    </message>
    <message>
        <source>blocked in recvmsg</source>
        <translation>阻塞在 recvmsg 里</translation>
    </message>
    <message>
        <source>blocked in %1</source>
        <translation>阻塞在 %1 里</translation>
    </message>
    <message numerus="yes">
        <source>not blocked: %n × recvmsg → EAGAIN</source>
        <translation>
            <numerusform>不阻塞：%n 次 recvmsg → EAGAIN</numerusform>
        </translation>
    </message>
    <message>
        <source>not blocked: works (%1) until a signal</source>
        <translation>不阻塞：干活（%1），直到一个信号</translation>
    </message>
    <message>
        <source>not blocked: works (%1), the kernel waits</source>
        <translation>不阻塞：干活（%1），由内核等待</translation>
    </message>
    <message>
        <source>blocked in recvmsg: wake-up %1, copy %2</source>
        <translation>阻塞在 recvmsg 里：唤醒 %1，复制 %2</translation>
    </message>
    <message>
        <source>blocked in recvmsg: wake-up + copy (inferred)</source>
        <translation>阻塞在 recvmsg 里：唤醒 + 复制（推断）</translation>
    </message>
    <message>
        <source>not blocked: an io-wq worker copies</source>
        <translation>不阻塞：由 io-wq 工作线程复制</translation>
    </message>
    <message>
        <source>not blocked: kernel copies as task_work, buyer&apos;s CPU</source>
        <translation>不阻塞：内核以 task_work 复制，用的是买家的 CPU</translation>
    </message>
    <message>
        <source>synchronous</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>blocked, waiting</source>
        <translation>阻塞，等待中</translation>
    </message>
    <message>
        <source>EAGAIN call</source>
        <translation>EAGAIN 调用</translation>
    </message>
    <message>
        <source>useful work</source>
        <translation>有用的工作</translation>
    </message>
    <message>
        <source>data waits for the process</source>
        <translation>数据等着进程来取</translation>
    </message>
    <message>
        <source>wake-up (probe)</source>
        <translation>唤醒（探针）</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>POSIX: synchronous I/O blocks the requesting process until the I/O completes. Models 1-4 are synchronous: each is blocked in recvmsg while the data is copied (phase 2). Only io_uring is asynchronous: the process makes no receive call and never waits for the data. Nuance: on this kernel the copy runs as task_work in the buyer&apos;s own thread, in kernel mode, so it is still paid with the buyer&apos;s CPU time.</source>
        <translation>POSIX：同步 I/O 会阻塞发出请求的进程，直到 I/O 完成。模型 1–4 都是同步的：数据被复制时（阶段二），它们都阻塞在 recvmsg 里。只有 io_uring 是异步的：进程不发出接收调用，也从不等数据。细节：在这个内核上，复制作为 task_work 在买家自己的线程里以内核态运行，所以花的仍是买家的 CPU 时间。</translation>
    </message>
    <message>
        <source>waited %2, then blocked in recvmsg %1</source>
        <translation>等了 %2，然后阻塞在 recvmsg 里 %1</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::TimelineWidget</name>
    <message>
        <source>Pin a note</source>
        <translation>钉一条注释</translation>
    </message>
    <message>
        <source>Note at %1:</source>
        <translation>%1 处的注释：</translation>
    </message>
</context>
<context>
    <name>ioscope::ui::TraceDialog</name>
    <message>
        <source>Trace a program</source>
        <translation>追踪一个程序</translation>
    </message>
    <message>
        <source>ioscope draws a program you wrote as it runs, with the kernel probe, and names the I/O model its code uses. Start one, or pick a running one.</source>
        <translation>ioscope 用内核探针在你写的程序运行时把它画出来，并说出它的代码用的是哪种 I/O 模型。启动一个，或选一个正在运行的。</translation>
    </message>
    <message>
        <source>python3 server.py 9000</source>
        <translation>python3 server.py 9000</translation>
    </message>
    <message>
        <source>Command to start:</source>
        <translation>要启动的命令：</translation>
    </message>
    <message>
        <source>…or a running process
with a TCP socket:</source>
        <translation>……或一个有 TCP 套接字
的运行中进程：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>until Stop</source>
        <translation>直到按“停止”</translation>
    </message>
    <message>
        <source>Trace for:</source>
        <translation>追踪时长：</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>The kernel probe cannot run here (%1). Record the program with strace -f -tt -T -yy -o LOG and run ioscope-cli import LOG instead.</source>
        <translation>内核探针在这里无法运行（%1）。请改用 strace -f -tt -T -yy -o LOG 记录程序，再运行 ioscope-cli import LOG。</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>  (listening on %1)</source>
        <translation>  （监听 %1）</translation>
    </message>
    <message numerus="yes">
        <source>  (%n connection(s))</source>
        <translation>
            <numerusform>  （%n 个连接）</numerusform>
        </translation>
    </message>
</context>
</TS>
