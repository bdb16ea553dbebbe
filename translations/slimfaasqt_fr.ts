<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>SlimFaasClient</name>
    <message>
        <source>The server sent a message larger than %1 bytes.</source>
        <translation>Le serveur a envoyé un message de plus de %1 octets.</translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation>La connexion a été fermée.</translation>
    </message>
    <message>
        <source>No answer from the server for %1 ms: connection considered dead.</source>
        <translation>Aucune réponse du serveur depuis %1 ms : connexion considérée comme morte.</translation>
    </message>
    <message>
        <source>The server did not complete the handshake and registration within %1 ms.</source>
        <translation>Le serveur n’a pas terminé la poignée de main et l’enregistrement en %1 ms.</translation>
    </message>
    <message>
        <source>Ignored a message from the server: %1</source>
        <translation>Message du serveur ignoré : %1</translation>
    </message>
    <message>
        <source>Invalid registration response: %1</source>
        <translation>Réponse d’enregistrement invalide : %1</translation>
    </message>
    <message>
        <source>The server refused the registration without a reason.</source>
        <translation>Le serveur a refusé l’enregistrement sans donner de raison.</translation>
    </message>
    <message>
        <source>Ignored an invalid async request: %1</source>
        <translation>Requête asynchrone invalide ignorée : %1</translation>
    </message>
    <message>
        <source>Ignored an invalid event: %1</source>
        <translation>Évènement invalide ignoré : %1</translation>
    </message>
    <message>
        <source>Invalid SlimFaas WebSocket URL &quot;%1&quot;: expected ws:// or wss://.</source>
        <translation>URL WebSocket SlimFaas « %1 » invalide : ws:// ou wss:// attendu.</translation>
    </message>
    <message>
        <source>Refused to answer %1 with status %2: a status must be between 100 and 599.</source>
        <translation>Réponse à %1 avec le statut %2 refusée : un statut doit être compris entre 100 et 599.</translation>
    </message>
    <message>
        <source>Cannot answer %1: not connected to SlimFaas. The server answers it 503 and will deliver it again.</source>
        <translation>Impossible de répondre à %1 : pas de connexion à SlimFaas. Le serveur y répond 503 et la renverra.</translation>
    </message>
    <message>
        <source>Request %1 was already answered.</source>
        <translation>La requête %1 a déjà reçu une réponse.</translation>
    </message>
    <message>
        <source>Request %1 is not pending on this connection.</source>
        <translation>La requête %1 n’est pas en attente sur cette connexion.</translation>
    </message>
    <message>
        <source>The async request handler failed: %1</source>
        <translation>Le gestionnaire de requêtes asynchrones a échoué : %1</translation>
    </message>
    <message>
        <source>The event handler failed: %1</source>
        <translation>Le gestionnaire d’évènements a échoué : %1</translation>
    </message>
    <message>
        <source>an exception that is not a std::exception</source>
        <translation>une exception qui n’est pas une std::exception</translation>
    </message>
    <message>
        <source>The sync request handler failed: %1</source>
        <translation>Le gestionnaire de requêtes synchrones a échoué : %1</translation>
    </message>
    <message>
        <source>Request %1 expired: SlimFaas stopped waiting for its answer and recorded 504.</source>
        <translation>La requête %1 a expiré : SlimFaas a cessé d’attendre sa réponse et a enregistré 504.</translation>
    </message>
</context>
<context>
    <name>SlimFaasEmulator</name>
    <message>
        <source>invalid callback skipped: %1</source>
        <translation>callback invalide ignoré : %1</translation>
    </message>
    <message>
        <source>callback for unknown element %1 dropped</source>
        <translation>callback pour l’élément inconnu %1 abandonné</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>délai dépassé</translation>
    </message>
    <message>
        <source>caller went away</source>
        <translation>l’appelant est parti</translation>
    </message>
    <message>
        <source>frame %1 for unknown stream %2 ignored</source>
        <translation>trame %1 pour le flux inconnu %2 ignorée</translation>
    </message>
    <message>
        <source>invalid or repeated SyncResponseStart ignored: %1</source>
        <translation>SyncResponseStart invalide ou répété ignoré : %1</translation>
    </message>
    <message>
        <source>response chunk before its start ignored</source>
        <translation>morceau de réponse reçu avant son début ignoré</translation>
    </message>
    <message>
        <source>response end before its start ignored</source>
        <translation>fin de réponse reçue avant son début ignorée</translation>
    </message>
    <message>
        <source>cancelled by the function</source>
        <translation>annulé par la fonction</translation>
    </message>
    <message>
        <source>frame of type %1 ignored</source>
        <translation>trame de type %1 ignorée</translation>
    </message>
    <message>
        <source>invalid message skipped: %1</source>
        <translation>message invalide ignoré : %1</translation>
    </message>
    <message>
        <source>callback before registration skipped</source>
        <translation>callback reçu avant l’enregistrement ignoré</translation>
    </message>
    <message>
        <source>message of type %1 ignored</source>
        <translation>message de type %1 ignoré</translation>
    </message>
    <message>
        <source>binary message skipped: %1</source>
        <translation>message binaire ignoré : %1</translation>
    </message>
    <message>
        <source>second Register on a registered connection ignored</source>
        <translation>second Register sur une connexion déjà enregistrée ignoré</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>connexion perdue</translation>
    </message>
    <message>
        <source>Cannot listen for WebSockets on %1:%2: %3</source>
        <translation>Impossible d’écouter les WebSockets sur %1:%2 : %3</translation>
    </message>
    <message>
        <source>Cannot listen for HTTP on %1:%2: %3</source>
        <translation>Impossible d’écouter en HTTP sur %1:%2 : %3</translation>
    </message>
    <message>
        <source>empty elementId</source>
        <translation>elementId vide</translation>
    </message>
    <message>
        <source>invalid response: %1</source>
        <translation>réponse invalide : %1</translation>
    </message>
    <message>
        <source>status %1 is not an HTTP status</source>
        <translation>le statut %1 n’est pas un statut HTTP</translation>
    </message>
    <message>
        <source>header name &quot;%1&quot; is not an HTTP token</source>
        <translation>le nom d’en-tête « %1 » n’est pas un jeton HTTP</translation>
    </message>
    <message>
        <source>header %1 has a control character in its value</source>
        <translation>la valeur de l’en-tête %1 contient un caractère de contrôle</translation>
    </message>
</context>
<context>
    <name>SlimFaasEmulatorTool</name>
    <message>
        <source>Emulates the SlimFaas server for WebSocket functions: functions register on ws://HOST:WS-PORT/ws, callers use http://HOST:HTTP-PORT/async-function/&lt;name&gt;/..., /function/&lt;name&gt;/..., /publish-event/&lt;event&gt;/... and /status-functions. Stops on SIGINT/SIGTERM.</source>
        <translation>Émule le serveur SlimFaas pour les fonctions WebSocket : les fonctions s’enregistrent sur ws://HÔTE:PORT-WS/ws, les appelants utilisent http://HÔTE:PORT-HTTP/async-function/&lt;nom&gt;/..., /function/&lt;nom&gt;/..., /publish-event/&lt;évènement&gt;/... et /status-functions. S’arrête sur SIGINT/SIGTERM.</translation>
    </message>
    <message>
        <source>address</source>
        <translation>adresse</translation>
    </message>
    <message>
        <source>WebSocket port, 0 for any free port (default 5003).</source>
        <translation>Port WebSocket, 0 pour un port libre quelconque (par défaut 5003).</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>HTTP port, 0 for any free port (default 30021).</source>
        <translation>Port HTTP, 0 pour un port libre quelconque (par défaut 30021).</translation>
    </message>
    <message>
        <source>Names that play existing Kubernetes deployments, comma-separated; repeatable.</source>
        <translation>Noms qui jouent des déploiements Kubernetes existants, séparés par des virgules ; répétable.</translation>
    </message>
    <message>
        <source>names</source>
        <translation>noms</translation>
    </message>
    <message>
        <source>Milliseconds an async request waits for its callback before 504 (default 300000).</source>
        <translation>Millisecondes qu’une requête asynchrone attend son callback avant 504 (par défaut 300000).</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Milliseconds a sync request waits for the response start (default 300000).</source>
        <translation>Millisecondes qu’une requête synchrone attend le début de la réponse (par défaut 300000).</translation>
    </message>
    <message>
        <source>Factor applied to the functions&apos; retry delays (default 1).</source>
        <translation>Facteur appliqué aux délais de nouvel essai des fonctions (par défaut 1).</translation>
    </message>
    <message>
        <source>factor</source>
        <translation>facteur</translation>
    </message>
    <message>
        <source>Callers trusted with Private functions and events, as CIDR; repeatable (default 127.0.0.0/8 and ::1). &quot;none&quot; trusts nobody.</source>
        <translation>Appelants de confiance pour les fonctions et évènements privés, en CIDR ; répétable (par défaut 127.0.0.0/8 et ::1). « none » ne fait confiance à personne.</translation>
    </message>
    <message>
        <source>cidr</source>
        <translation>cidr</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>octets</translation>
    </message>
    <message>
        <source>Print one JSON line on stdout per thing observed: connections, registrations, messages, queue changes and outcomes. The first line is the &quot;listening&quot; event with the bound URLs.</source>
        <translation>Affiche une ligne JSON sur stdout pour chaque chose observée : connexions, enregistrements, messages, changements de file et résultats. La première ligne est l’évènement « listening » avec les URL utilisées.</translation>
    </message>
    <message>
        <source>Print nothing but errors.</source>
        <translation>N’affiche que les erreurs.</translation>
    </message>
    <message>
        <source>Ports must be numbers from 0 to 65535.</source>
        <translation>Les ports doivent être des nombres de 0 à 65535.</translation>
    </message>
    <message>
        <source>Timeouts must be positive numbers of milliseconds.</source>
        <translation>Les délais doivent être des nombres positifs de millisecondes.</translation>
    </message>
    <message>
        <source>--retry-delay-scale must be a number &gt;= 0.</source>
        <translation>--retry-delay-scale doit être un nombre &gt;= 0.</translation>
    </message>
    <message>
        <source>--max-message-size must be a number of bytes &gt;= 0.</source>
        <translation>--max-message-size doit être un nombre d’octets &gt;= 0.</translation>
    </message>
    <message>
        <source>Invalid --trusted-network &quot;%1&quot;.</source>
        <translation>--trusted-network « %1 » invalide.</translation>
    </message>
    <message>
        <source>Address to listen on: an IP address, or &quot;any&quot; (the default) for every IPv4 and IPv6 address, so that localhost works whichever it resolves to.</source>
        <translation>Adresse d’écoute : une adresse IP, ou « any » (par défaut) pour toutes les adresses IPv4 et IPv6, afin que localhost fonctionne quelle que soit sa résolution.</translation>
    </message>
    <message>
        <source>--host must be an IP address or &quot;any&quot;.</source>
        <translation>--host doit être une adresse IP ou « any ».</translation>
    </message>
    <message>
        <source>(default %1)</source>
        <translation>(par défaut %1)</translation>
    </message>
    <message>
        <source>Largest request line and headers a caller may send; beyond: 431.</source>
        <translation>Plus grande ligne de requête et en-têtes qu’un appelant peut envoyer ; au-delà : 431.</translation>
    </message>
    <message>
        <source>Milliseconds a caller has to send a whole request head; beyond: 408.</source>
        <translation>Millisecondes dont dispose un appelant pour envoyer l’en-tête complet d’une requête ; au-delà : 408.</translation>
    </message>
    <message>
        <source>Milliseconds an idle keep-alive connection stays open.</source>
        <translation>Millisecondes pendant lesquelles une connexion keep-alive inactive reste ouverte.</translation>
    </message>
    <message>
        <source>Open connections per port; one more gets 503 at once.</source>
        <translation>Connexions ouvertes par port ; une de plus reçoit aussitôt 503.</translation>
    </message>
    <message>
        <source>count</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>Largest request body; beyond: 413.</source>
        <translation>Plus grand corps de requête ; au-delà : 413.</translation>
    </message>
    <message>
        <source>Sync response bytes held for a caller that reads too slowly; beyond, its stream is cancelled.</source>
        <translation>Octets de réponse synchrone gardés pour un appelant qui lit trop lentement ; au-delà, son flux est annulé.</translation>
    </message>
    <message>
        <source>Largest WebSocket message accepted from a function, in bytes; 0 for no limit (default 67108864, 64 MiB).</source>
        <translation>Plus grand message WebSocket accepté d’une fonction, en octets ; 0 pour aucune limite (par défaut 67108864, 64 Mio).</translation>
    </message>
    <message>
        <source>--%1 must be a positive number.</source>
        <translation>--%1 doit être un nombre positif.</translation>
    </message>
</context>
<context>
    <name>SlimFaasProtocol</name>
    <message>
        <source>missing field &quot;%1&quot;</source>
        <translation>champ « %1 » manquant</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be a string</source>
        <translation>le champ « %1 » doit être une chaîne</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be a boolean</source>
        <translation>le champ « %1 » doit être un booléen</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be an integer</source>
        <translation>le champ « %1 » doit être un entier</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be an array of strings</source>
        <translation>le champ « %1 » doit être un tableau de chaînes</translation>
    </message>
    <message>
        <source>field &quot;body&quot; must be a base64 string or null</source>
        <translation>le champ « body » doit être une chaîne base64 ou null</translation>
    </message>
    <message>
        <source>field &quot;body&quot; is not valid base64</source>
        <translation>le champ « body » n’est pas du base64 valide</translation>
    </message>
    <message>
        <source>payload must be a JSON object</source>
        <translation>payload doit être un objet JSON</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be &quot;Public&quot; or &quot;Private&quot;</source>
        <translation>le champ « %1 » doit valoir « Public » ou « Private »</translation>
    </message>
    <message>
        <source>invalid JSON at offset %1: %2</source>
        <translation>JSON invalide à la position %1 : %2</translation>
    </message>
    <message>
        <source>JSON document must be an object</source>
        <translation>le document JSON doit être un objet</translation>
    </message>
    <message>
        <source>field &quot;payload&quot; must be an object or null</source>
        <translation>le champ « payload » doit être un objet ou null</translation>
    </message>
    <message>
        <source>field &quot;headers&quot; must be an object</source>
        <translation>le champ « headers » doit être un objet</translation>
    </message>
    <message>
        <source>header &quot;%1&quot; must hold strings</source>
        <translation>l’en-tête « %1 » doit contenir des chaînes</translation>
    </message>
    <message>
        <source>header &quot;%1&quot; must be a list of strings</source>
        <translation>l’en-tête « %1 » doit être une liste de chaînes</translation>
    </message>
    <message>
        <source>field &quot;configuration&quot; must be an object</source>
        <translation>le champ « configuration » doit être un objet</translation>
    </message>
    <message>
        <source>field &quot;subscribeEvents&quot; must be an array</source>
        <translation>le champ « subscribeEvents » doit être un tableau</translation>
    </message>
    <message>
        <source>each entry of &quot;subscribeEvents&quot; must be an object</source>
        <translation>chaque entrée de « subscribeEvents » doit être un objet</translation>
    </message>
    <message>
        <source>field &quot;pathsStartWithVisibility&quot; must be an array</source>
        <translation>le champ « pathsStartWithVisibility » doit être un tableau</translation>
    </message>
    <message>
        <source>each entry of &quot;pathsStartWithVisibility&quot; must be an object</source>
        <translation>chaque entrée de « pathsStartWithVisibility » doit être un objet</translation>
    </message>
    <message>
        <source>field &quot;defaultTrust&quot; must be &quot;Trusted&quot; or &quot;Untrusted&quot;</source>
        <translation>le champ « defaultTrust » doit valoir « Trusted » ou « Untrusted »</translation>
    </message>
    <message>
        <source>field &quot;success&quot; must be a boolean</source>
        <translation>le champ « success » doit être un booléen</translation>
    </message>
    <message>
        <source>field &quot;elementId&quot; must not be empty</source>
        <translation>le champ « elementId » ne doit pas être vide</translation>
    </message>
    <message>
        <source>binary frame of %1 bytes is shorter than the %2-byte header</source>
        <translation>la trame binaire de %1 octets est plus courte que l’en-tête de %2 octets</translation>
    </message>
</context>
<context>
    <name>SlimFaasSyncRequest</name>
    <message>
        <source>The response of %1 has already ended.</source>
        <translation>La réponse de %1 est déjà terminée.</translation>
    </message>
    <message>
        <source>Cannot start the response of %1: the stream has ended.</source>
        <translation>Impossible de commencer la réponse de %1 : le flux est terminé.</translation>
    </message>
    <message>
        <source>The response of %1 was already started with status %2.</source>
        <translation>La réponse de %1 a déjà commencé avec le statut %2.</translation>
    </message>
    <message>
        <source>Invalid HTTP status %1.</source>
        <translation>Statut HTTP %1 invalide.</translation>
    </message>
</context>
<context>
    <name>SlimFaasTap</name>
    <message>
        <source>--%1 expects an integer &gt;= %2, got &quot;%3&quot;.</source>
        <translation>--%1 attend un entier &gt;= %2, reçu « %3 ».</translation>
    </message>
    <message>
        <source>Visibility must be Public or Private, got &quot;%1&quot;.</source>
        <translation>La visibilité doit être Public ou Private, reçu « %1 ».</translation>
    </message>
    <message>
        <source>Connects to SlimFaas as a virtual function and prints every message it receives as one JSON line on stdout. Async requests are answered with the status given by --status. Diagnostics go to stderr. Exit status: 0 on SIGINT/SIGTERM, 1 on a usage error, 2 when SlimFaas refuses the registration.</source>
        <translation>Se connecte à SlimFaas comme fonction virtuelle et affiche chaque message reçu sous forme d’une ligne JSON sur stdout. Les requêtes asynchrones reçoivent le statut donné par --status. Les diagnostics vont sur stderr. Code de sortie : 0 sur SIGINT/SIGTERM, 1 sur une erreur d’utilisation, 2 quand SlimFaas refuse l’enregistrement.</translation>
    </message>
    <message>
        <source>SlimFaas WebSocket URL (default ws://127.0.0.1:5003/ws).</source>
        <translation>URL WebSocket de SlimFaas (par défaut ws://127.0.0.1:5003/ws).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Function name to register (required).</source>
        <translation>Nom de la fonction à enregistrer (obligatoire).</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>Subscribe to an event; repeatable. NAME or NAME:Public|Private.</source>
        <translation>S’abonner à un évènement ; répétable. NOM ou NOM:Public|Private.</translation>
    </message>
    <message>
        <source>event</source>
        <translation>évènement</translation>
    </message>
    <message>
        <source>A function this one depends on; repeatable.</source>
        <translation>Une fonction dont celle-ci dépend ; répétable.</translation>
    </message>
    <message>
        <source>Public (default) or Private.</source>
        <translation>Public (par défaut) ou Private.</translation>
    </message>
    <message>
        <source>visibility</source>
        <translation>visibilité</translation>
    </message>
    <message>
        <source>Visibility of a path prefix, PATH:Public|Private; repeatable.</source>
        <translation>Visibilité d’un préfixe de chemin, CHEMIN:Public|Private ; répétable.</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>règle</translation>
    </message>
    <message>
        <source>SlimFaas/Configuration JSON string.</source>
        <translation>Chaîne JSON SlimFaas/Configuration.</translation>
    </message>
    <message>
        <source>json</source>
        <translation>json</translation>
    </message>
    <message>
        <source>Set ReplicasStartAsSoonAsOneFunctionRetrieveARequest.</source>
        <translation>Active ReplicasStartAsSoonAsOneFunctionRetrieveARequest.</translation>
    </message>
    <message>
        <source>NumberParallelRequest (default 10).</source>
        <translation>NumberParallelRequest (par défaut 10).</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>NumberParallelRequestPerPod (default 10).</source>
        <translation>NumberParallelRequestPerPod (par défaut 10).</translation>
    </message>
    <message>
        <source>Trusted (default) or Untrusted.</source>
        <translation>Trusted (par défaut) ou Untrusted.</translation>
    </message>
    <message>
        <source>trust</source>
        <translation>confiance</translation>
    </message>
    <message>
        <source>HTTP status answered to every async request (default 200). 202 leaves them pending, as a long-running job would.</source>
        <translation>Statut HTTP répondu à chaque requête asynchrone (par défaut 200). 202 les laisse en attente, comme le ferait un traitement long.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>How sync requests (/function calls) are answered: &quot;echo&quot; (default) streams the body back with status 200 and the same Content-Type; &quot;status:CODE[:BODY]&quot; answers CODE with BODY.</source>
        <translation>Comment répondre aux requêtes synchrones (appels /function) : « echo » (par défaut) renvoie le corps en flux avec le statut 200 et le même Content-Type ; « status:CODE[:CORPS] » répond CODE avec CORPS.</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>mode</translation>
    </message>
    <message>
        <source>Print nothing on stdout (for load tests).</source>
        <translation>N’affiche rien sur stdout (pour les tests de charge).</translation>
    </message>
    <message>
        <source>Also print the messages this program sends, with &quot;direction&quot;:&quot;out&quot;.</source>
        <translation>Affiche aussi les messages envoyés par ce programme, avec &quot;direction&quot;:&quot;out&quot;.</translation>
    </message>
    <message>
        <source>Keepalive ping interval in ms, 0 disables (default 30000).</source>
        <translation>Intervalle des pings de maintien en ms, 0 désactive (par défaut 30000).</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Reconnect when nothing arrives for this many ms, 0 disables (default 75000).</source>
        <translation>Se reconnecter quand rien n’arrive pendant ce nombre de ms, 0 désactive (par défaut 75000).</translation>
    </message>
    <message>
        <source>Minimum reconnect delay in ms (default 5000).</source>
        <translation>Délai minimal de reconnexion en ms (par défaut 5000).</translation>
    </message>
    <message>
        <source>Maximum reconnect delay in ms (default 60000).</source>
        <translation>Délai maximal de reconnexion en ms (par défaut 60000).</translation>
    </message>
    <message>
        <source>Keep retrying with backoff when the registration is refused, instead of exiting.</source>
        <translation>Continuer à réessayer avec attente croissante quand l’enregistrement est refusé, au lieu de quitter.</translation>
    </message>
    <message>
        <source>Extra WebSocket handshake header, &quot;Name: value&quot;; repeatable.</source>
        <translation>En-tête supplémentaire pour la poignée de main WebSocket, « Nom: valeur » ; répétable.</translation>
    </message>
    <message>
        <source>header</source>
        <translation>en-tête</translation>
    </message>
    <message>
        <source>Do not verify the server&apos;s TLS certificate (wss://).</source>
        <translation>Ne pas vérifier le certificat TLS du serveur (wss://).</translation>
    </message>
    <message>
        <source>--url must be a ws:// or wss:// URL.</source>
        <translation>--url doit être une URL ws:// ou wss://.</translation>
    </message>
    <message>
        <source>--function is required.</source>
        <translation>--function est obligatoire.</translation>
    </message>
    <message>
        <source>--path-visibility expects PATH:Public|Private, got &quot;%1&quot;.</source>
        <translation>--path-visibility attend CHEMIN:Public|Private, reçu « %1 ».</translation>
    </message>
    <message>
        <source>--default-trust must be Trusted or Untrusted.</source>
        <translation>--default-trust doit valoir Trusted ou Untrusted.</translation>
    </message>
    <message>
        <source>--status must be between 100 and 599.</source>
        <translation>--status doit être compris entre 100 et 599.</translation>
    </message>
    <message>
        <source>--sync expects echo or status:CODE[:BODY], got &quot;%1&quot;.</source>
        <translation>--sync attend echo ou status:CODE[:CORPS], reçu « %1 ».</translation>
    </message>
    <message>
        <source>--header expects &quot;Name: value&quot;, got &quot;%1&quot;.</source>
        <translation>--header attend « Nom: valeur », reçu « %1 ».</translation>
    </message>
</context>
</TS>
