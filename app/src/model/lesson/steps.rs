//! The lessons' steps, narrated as a teacher would, in English and in Traditional Chinese
//! (Taiwan). Technical words students must learn stay in English, as the tutorial keeps them:
//! bridge, veth, docker0, network, link, IP, DNS.

use super::{Action, Lesson, LessonImage, LookAt, ProbeTo, Step, Text};

const fn t(en: &'static str, zh: &'static str) -> Text {
    Text { en, zh }
}

const WEB1: &str = "web1";
const WEB2: &str = "web2";
const WEB3: &str = "web3";

const DEFAULT_BRIDGE: &[Step] = &[
    Step {
        title: t("docker0, the default bridge", "docker0：預設的 bridge"),
        narration: t(
            "Every Docker host has a Linux bridge called docker0, a virtual switch inside the \
             kernel. Containers started without --network plug into it. Look at its bar: its \
             subnet (usually 172.17.0.0/16) and its gateway 172.17.0.1, which is the host itself.",
            "每台 Docker 主機都有一個叫 docker0 的 Linux bridge，它是 kernel 裡的虛擬交換器。\
             沒有指定 --network 的容器都會接到它上面。請看它的長條：subnet（通常是 \
             172.17.0.0/16）和 gateway 172.17.0.1，也就是主機自己。",
        ),
        commands: &["ip a show docker0", "docker network inspect bridge"],
        action: Action::Look,
        look_at: LookAt::Bridge("docker0"),
    },
    Step {
        title: t("Run web1", "啟動 web1"),
        narration: t(
            "We start a small web server, web1, without naming a network, so it lands on \
             docker0. Docker creates a veth pair: one end becomes eth0 inside web1, the other \
             end, a veth… interface, stays on the host and is attached to docker0.",
            "我們啟動一個小小的網頁伺服器 web1，不指定 network，所以它會接到 docker0。\
             Docker 會建立一對 veth：一端變成 web1 裡面的 eth0，另一端是留在主機上的 veth… \
             介面，接在 docker0 上。",
        ),
        commands: &["docker run -d --name web1 bridgescope/webapp"],
        action: Action::Run {
            name: WEB1,
            image: LessonImage::WebApp,
            network: "bridge",
            link: None,
            publish: false,
        },
        look_at: LookAt::Containers(&[WEB1]),
    },
    Step {
        title: t("Run web2", "啟動 web2"),
        narration: t(
            "A second server, web2, on the same bridge. It gets the next free IP from \
             docker0's subnet, and its own veth pair: one more wire from a card to the bridge.",
            "第二台伺服器 web2，接在同一個 bridge 上。它從 docker0 的 subnet 拿到下一個空著的 \
             IP，也有自己的一對 veth：從卡片到 bridge 又多了一條線。",
        ),
        commands: &[
            "docker run -d --name web2 bridgescope/webapp",
            "ip link show master docker0",
        ],
        action: Action::Run {
            name: WEB2,
            image: LessonImage::WebApp,
            network: "bridge",
            link: None,
            publish: false,
        },
        look_at: LookAt::Containers(&[WEB1, WEB2]),
    },
    Step {
        title: t("The host reaches web1 by IP", "主機用 IP 連到 web1"),
        narration: t(
            "The host is the bridge's gateway, so it reaches every container on docker0 \
             directly, by IP and port, without publishing any port.",
            "主機就是這個 bridge 的 gateway，所以它可以直接用 IP 和 port 連到 docker0 上的每個\
             容器，完全不需要 publish port。",
        ),
        commands: &["curl http://$(docker inspect -f '{{.NetworkSettings.IPAddress}}' web1):5000/"],
        action: Action::Probe {
            from: "host",
            to: ProbeTo::IpOf(WEB1),
            port: Some(5000),
        },
        look_at: LookAt::Containers(&[WEB1]),
    },
    Step {
        title: t("web1 → web2 by name: fails", "web1 → web2 用名字：失敗"),
        narration: t(
            "Can web1 find web2 by its name? No. On the default bridge there is no DNS for \
             container names: web1's resolver is a copy of the host's, which has never heard \
             of web2.",
            "web1 能用名字找到 web2 嗎？不行。預設的 bridge 上沒有容器名稱的 DNS：web1 用的是\
             主機 resolver 的複本，它根本不知道 web2 是誰。",
        ),
        commands: &["docker exec web1 ping -c1 web2"],
        action: Action::Probe {
            from: WEB1,
            to: ProbeTo::Name(WEB2),
            port: None,
        },
        look_at: LookAt::Containers(&[WEB1, WEB2]),
    },
    Step {
        title: t("web1 → web2 by IP: works", "web1 → web2 用 IP：成功"),
        narration: t(
            "By IP it works: both are on docker0. But now web2's IP is written into web1's \
             configuration by hand, and that is fragile, as the next steps show.",
            "用 IP 就可以了：兩個都在 docker0 上。可是這樣 web2 的 IP 就被寫死在 web1 的設定\
             裡，這很脆弱，接下來的步驟會讓你看到為什麼。",
        ),
        commands: &[
            "docker exec web1 ping -c1 $(docker inspect -f '{{.NetworkSettings.IPAddress}}' web2)",
        ],
        action: Action::Probe {
            from: WEB1,
            to: ProbeTo::IpOf(WEB2),
            port: Some(5000),
        },
        look_at: LookAt::Containers(&[WEB1, WEB2]),
    },
    Step {
        title: t("Stop web2", "停止 web2"),
        narration: t(
            "We stop web2. Its veth pair disappears and its IP goes back to docker0's pool of \
             free addresses.",
            "我們把 web2 停掉。它的 veth 消失了，它的 IP 也回到 docker0 的空閒位址裡。",
        ),
        commands: &["docker stop web2"],
        action: Action::Stop(WEB2),
        look_at: LookAt::Containers(&[WEB2]),
    },
    Step {
        title: t("web3 takes the freed IP", "web3 拿走了空出來的 IP"),
        narration: t(
            "Meanwhile someone starts web3. Docker hands it the lowest free address: the one \
             web2 just gave back.",
            "這時有人啟動了 web3。Docker 給它最小的空閒位址，也就是 web2 剛剛還回去的那一個。",
        ),
        commands: &["docker run -d --name web3 bridgescope/webapp"],
        action: Action::Run {
            name: WEB3,
            image: LessonImage::WebApp,
            network: "bridge",
            link: None,
            publish: false,
        },
        look_at: LookAt::Containers(&[WEB3]),
    },
    Step {
        title: t("Start web2 again: a new IP", "重新啟動 web2：新的 IP"),
        narration: t(
            "web2 comes back, but its old address is taken, so it gets a new one. Watch its \
             card: old -> new.",
            "web2 回來了，可是它原本的位址已經被佔走，所以拿到一個新的。請看它的卡片：舊 -> 新。",
        ),
        commands: &[
            "docker start web2",
            "docker inspect -f '{{.NetworkSettings.IPAddress}}' web2",
        ],
        action: Action::Start(WEB2),
        look_at: LookAt::Containers(&[WEB2, WEB3]),
    },
    Step {
        title: t(
            "The hard-coded IP now reaches the wrong container",
            "寫死的 IP 現在連到錯的容器",
        ),
        narration: t(
            "web1 still uses web2's old IP. The packet gets an answer, but from web3! This is \
             the default bridge's drawback: an IP is not a name. Next lesson: a user-defined \
             network, where names work.",
            "web1 還在用 web2 的舊 IP。封包有回應，但回應的是 web3！這就是預設 bridge 的缺點：\
             IP 不是名字。下一課：user-defined network，在那裡名字就能用了。",
        ),
        commands: &["docker exec web1 wget -qO- http://OLD_IP:5000/"],
        action: Action::Probe {
            from: WEB1,
            to: ProbeTo::OldIpOf(WEB2),
            port: Some(5000),
        },
        look_at: LookAt::Containers(&[WEB1, WEB2, WEB3]),
    },
];

const USER_NETWORK: &[Step] = &[
    Step {
        title: t("Create the network app", "建立 network app"),
        narration: t(
            "docker network create app makes a user-defined network with a bridge of its own, \
             br-…, and a subnet of its own. It has no containers yet: its bar is empty.",
            "docker network create app 會建立一個 user-defined network，它有自己的 bridge \
             br-… 和自己的 subnet。現在還沒有任何容器：它的長條是空的。",
        ),
        commands: &[
            "docker network create app",
            "docker network ls",
            "docker network inspect app",
        ],
        action: Action::CreateNetwork("app"),
        look_at: LookAt::Network("app"),
    },
    Step {
        title: t("Run redis on app", "在 app 上啟動 redis"),
        narration: t(
            "We run Redis on app. Its veth goes to app's bridge, not to docker0.",
            "我們在 app 上啟動 Redis。它的 veth 接到 app 的 bridge，而不是 docker0。",
        ),
        commands: &["docker run -d --name redis --network app redis"],
        action: Action::Run {
            name: "redis",
            image: LessonImage::Redis,
            network: "app",
            link: None,
            publish: false,
        },
        look_at: LookAt::Containers(&["redis"]),
    },
    Step {
        title: t("Run web on app", "在 app 上啟動 web"),
        narration: t(
            "The web app joins app too, published on 127.0.0.1:5000 so that we can call it. It \
             will talk to Redis by the name redis: no IP anywhere in its configuration.",
            "網頁應用程式 web 也加入 app，並 publish 在 127.0.0.1:5000，讓我們可以呼叫它。它會用 \
             redis 這個名字和 Redis 溝通：設定裡完全沒有 IP。",
        ),
        commands: &[
            "docker run -d --name web --network app -p 127.0.0.1:5000:5000 bridgescope/webapp",
        ],
        action: Action::Run {
            name: "web",
            image: LessonImage::WebApp,
            network: "app",
            link: None,
            publish: true,
        },
        look_at: LookAt::Containers(&["web", "redis"]),
    },
    Step {
        title: t(
            "web → redis by name: Docker's DNS answers",
            "web → redis 用名字：Docker 的 DNS 回答",
        ),
        narration: t(
            "On a user-defined network every container asks Docker's embedded DNS at \
             127.0.0.11, which knows the names of the containers on the same network. redis \
             resolves, and its port 6379 is open.",
            "在 user-defined network 上，每個容器都會去問 Docker 內建的 DNS（127.0.0.11），它知道\
             同一個 network 上所有容器的名字。redis 解析成功，它的 port 6379 也是通的。",
        ),
        commands: &[
            "docker exec web nslookup redis",
            "docker exec web ping -c1 redis",
        ],
        action: Action::Probe {
            from: "web",
            to: ProbeTo::Name("redis"),
            port: Some(6379),
        },
        look_at: LookAt::Containers(&["web", "redis"]),
    },
    Step {
        title: t(
            "Set and get through the web app",
            "透過網頁應用程式 set 和 get",
        ),
        narration: t(
            "We call the web app: set test=123 answers success, get test answers 123. The web \
             app found Redis by name.",
            "我們呼叫網頁應用程式：set test=123 回答 success，get test 回答 123。網頁應用程式是用\
             名字找到 Redis 的。",
        ),
        commands: &[
            "curl 'http://127.0.0.1:5000/redis/set?key=test&value=123'",
            "curl 'http://127.0.0.1:5000/redis/get?key=test'",
        ],
        action: Action::SetGet {
            key: "test",
            value: "123",
        },
        look_at: LookAt::Containers(&["web", "redis"]),
    },
    Step {
        title: t("Restart redis", "重新啟動 redis"),
        narration: t(
            "We restart Redis. Its IP may change (watch its card), but nobody wrote that IP \
             down.",
            "我們重新啟動 Redis。它的 IP 可能會變（請看它的卡片），但是沒有人把這個 IP 寫死。",
        ),
        commands: &["docker restart redis"],
        action: Action::Restart("redis"),
        look_at: LookAt::Containers(&["redis"]),
    },
    Step {
        title: t("The name still works", "名字照樣能用"),
        narration: t(
            "The name still resolves to wherever Redis is now, and set/get still works. This \
             is why user-defined networks are the recommended way.",
            "名字依然解析到 Redis 現在的位址，set/get 也照樣能用。這就是為什麼建議使用 \
             user-defined network。",
        ),
        commands: &[
            "docker exec web nslookup redis",
            "curl 'http://127.0.0.1:5000/redis/get?key=test'",
        ],
        action: Action::SetGet {
            key: "test",
            value: "123",
        },
        look_at: LookAt::Containers(&["web", "redis"]),
    },
];

const LINKS: &[Step] = &[
    Step {
        title: t("Run the target, db", "啟動目標容器 db"),
        narration: t(
            "Links are the old way. We start db on the default bridge: a plain container, \
             reachable only by IP so far.",
            "link 是舊的做法。我們在預設的 bridge 上啟動 db：一個普通的容器，目前只能用 IP 連到。",
        ),
        commands: &["docker run -d --name db bridgescope/webapp"],
        action: Action::Run {
            name: "db",
            image: LessonImage::WebApp,
            network: "bridge",
            link: None,
            publish: false,
        },
        look_at: LookAt::Containers(&["db"]),
    },
    Step {
        title: t(
            "Run client with --link db:database",
            "用 --link db:database 啟動 client",
        ),
        narration: t(
            "client is started with --link db:database. Docker writes one line into client's \
             /etc/hosts: db's IP, the alias database, db's id and its name. The arrow shows the \
             link; it points one way only.",
            "client 用 --link db:database 啟動。Docker 會在 client 的 /etc/hosts 裡寫一行：db 的 \
             IP、別名 database、db 的 id 和名字。箭頭就是這個 link，而且只有單一方向。",
        ),
        commands: &["docker run -d --name client --link db:database bridgescope/webapp"],
        action: Action::Run {
            name: "client",
            image: LessonImage::WebApp,
            network: "bridge",
            link: Some(("db", "database")),
            publish: false,
        },
        look_at: LookAt::Containers(&["client", "db"]),
    },
    Step {
        title: t("The line in /etc/hosts", "/etc/hosts 裡的那一行"),
        narration: t(
            "Here is client's /etc/hosts, read from inside the container. The line with \
             database is the one the link wrote.",
            "這是從容器裡讀出來的 client 的 /etc/hosts。有 database 的那一行就是 link 寫的。",
        ),
        commands: &["docker exec client cat /etc/hosts"],
        action: Action::ShowHosts("client"),
        look_at: LookAt::Containers(&["client"]),
    },
    Step {
        title: t(
            "client → database: found in /etc/hosts",
            "client → database：在 /etc/hosts 找到",
        ),
        narration: t(
            "The alias resolves without any DNS: client looks in its own /etc/hosts first.",
            "這個別名不需要 DNS 就能解析：client 會先查自己的 /etc/hosts。",
        ),
        commands: &["docker exec client ping -c1 database"],
        action: Action::Probe {
            from: "client",
            to: ProbeTo::Name("database"),
            port: Some(5000),
        },
        look_at: LookAt::Containers(&["client", "db"]),
    },
    Step {
        title: t(
            "Stop db, and let another take its IP",
            "停止 db，讓別人拿走它的 IP",
        ),
        narration: t(
            "We stop db, and start another container, squatter, which takes db's freed \
             address, the lowest free one on docker0.",
            "我們停止 db，再啟動另一個容器 squatter，它會拿走 db 空出來的位址，也就是 docker0 \
             上最小的空閒位址。",
        ),
        commands: &[
            "docker stop db",
            "docker run -d --name squatter bridgescope/webapp",
        ],
        action: Action::Stop("db"),
        look_at: LookAt::Containers(&["db"]),
    },
    Step {
        title: t("squatter takes the address", "squatter 拿走了位址"),
        narration: t(
            "squatter now has the address client's /etc/hosts still names as database.",
            "squatter 現在拿到的位址，正是 client 的 /etc/hosts 裡還寫成 database 的那一個。",
        ),
        commands: &["docker run -d --name squatter bridgescope/webapp"],
        action: Action::Run {
            name: "squatter",
            image: LessonImage::WebApp,
            network: "bridge",
            link: None,
            publish: false,
        },
        look_at: LookAt::Containers(&["squatter"]),
    },
    Step {
        title: t("Start db: the line is rewritten", "啟動 db：那一行被改寫了"),
        narration: t(
            "db comes back with a new IP, and Docker rewrites the line in client's /etc/hosts \
             (compare it with the one before). Links are legacy: one way only, default bridge \
             only, and deprecated. A user-defined network does the same for every container, \
             both ways, by DNS.",
            "db 回來了，拿到新的 IP，Docker 也改寫了 client 的 /etc/hosts 裡那一行（和之前那一行\
             比較看看）。link 是過時的做法：只有單向、只能用在預設 bridge，而且已經不建議使用。\
             user-defined network 用 DNS 為每個容器做到同樣的事，而且是雙向的。",
        ),
        commands: &["docker start db", "docker exec client cat /etc/hosts"],
        action: Action::Start("db"),
        look_at: LookAt::Containers(&["client", "db"]),
    },
    Step {
        title: t(
            "client → database after the change",
            "改變之後 client → database",
        ),
        narration: t(
            "The alias follows db to its new address, because Docker rewrote the line. Compare \
             with lesson 1, where the hard-coded IP led to the wrong container.",
            "因為 Docker 改寫了那一行，別名跟著 db 到了新的位址。和第 1 課比較：在那裡，寫死的 \
             IP 連到了錯的容器。",
        ),
        commands: &[
            "docker exec client cat /etc/hosts",
            "docker exec client ping -c1 database",
        ],
        action: Action::Probe {
            from: "client",
            to: ProbeTo::Name("database"),
            port: Some(5000),
        },
        look_at: LookAt::Containers(&["client", "db"]),
    },
];

static LESSONS: [Lesson; 3] = [
    Lesson {
        id: "default-bridge",
        title: t(
            "1. The default bridge (docker0)",
            "1. 預設的 bridge（docker0）",
        ),
        steps: DEFAULT_BRIDGE,
    },
    Lesson {
        id: "user-network",
        title: t(
            "2. A user-defined network (recommended)",
            "2. User-defined network（建議的做法）",
        ),
        steps: USER_NETWORK,
    },
    Lesson {
        id: "links",
        title: t("3. Legacy links", "3. 舊式的 link"),
        steps: LINKS,
    },
];

/// The three lessons, in the order they are taught.
pub fn lessons() -> &'static [Lesson] {
    &LESSONS
}
