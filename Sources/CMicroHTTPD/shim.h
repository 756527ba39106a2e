#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <microhttpd.h>

/* Swift cannot call C variadic functions, so the few variadic libmicrohttpd calls
 * SentryEmulator needs are wrapped here with fixed arguments. */

/* Turns Nagle's algorithm off for each accepted connection: a response sent in
 * two writes would otherwise wait ~40 ms for the peer's delayed ACK. */
static void mhd_shim_on_connection(void *cls, struct MHD_Connection *connection,
                                   void **socket_context,
                                   enum MHD_ConnectionNotificationCode code) {
    (void)cls;
    (void)socket_context;
    if (code != MHD_CONNECTION_NOTIFY_STARTED) {
        return;
    }
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (info == NULL) {
        return;
    }
    int on = 1;
    (void)setsockopt(info->connect_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

/* Starts a daemon bound to `address` with an access handler, a URI hook (its
 * return value becomes the request's context) and a completion hook, all
 * sharing `context`. Returns NULL when the daemon cannot start. */
static inline struct MHD_Daemon *mhd_shim_start(
    unsigned int flags,
    const struct sockaddr *address,
    MHD_AccessHandlerCallback handler,
    void *(*uri_hook)(void *cls, const char *uri, struct MHD_Connection *connection),
    MHD_RequestCompletedCallback completed,
    void *context) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, context,
                            MHD_OPTION_SOCK_ADDR, address,
                            MHD_OPTION_URI_LOG_CALLBACK, uri_hook, context,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, context,
                            MHD_OPTION_NOTIFY_CONNECTION, mhd_shim_on_connection, NULL,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
                            MHD_OPTION_END);
}

/* The port a daemon listens on (useful after binding port 0), or 0. */
static inline uint16_t mhd_shim_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}
