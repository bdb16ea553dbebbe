<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>EmulatorLog</name>
    <message>
        <source>other peers</source>
        <translation>autres pairs</translation>
    </message>
    <message>
        <source>%1 more &quot;%2&quot; lines%3 in the last %4 s, not written</source>
        <translation>%1 lignes « %2 » de plus%3 dans les dernières %4 s, non écrites</translation>
    </message>
    <message>
        <source> about %1</source>
        <translation> concernant %1</translation>
    </message>
</context>
<context>
    <name>FunctionOptions</name>
    <message>
        <source>url</source>
        <translation>url</translation>
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
        <source>--%1 expects an integer &gt;= %2, got &quot;%3&quot;.</source>
        <translation>--%1 attend un entier &gt;= %2, reçu « %3 ».</translation>
    </message>
    <message>
        <source>Visibility must be Public or Private, got &quot;%1&quot;.</source>
        <translation>La visibilité doit être Public ou Private, reçu « %1 ».</translation>
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
        <source>--header expects &quot;Name: value&quot;, got &quot;%1&quot;.</source>
        <translation>--header attend « Nom: valeur », reçu « %1 ».</translation>
    </message>
    <message>
        <source>Connect to every address the --url host names resolve to, one connection per SlimFaas node (a Kubernetes headless Service), and follow the changes. With wss:// and certificate checks give the pods&apos; own names with --url instead.</source>
        <translation>Se connecter à chaque adresse que les noms d&apos;hôte de --url désignent, une connexion par nœud SlimFaas (un Service Kubernetes headless), et suivre les changements. Avec wss:// et la vérification des certificats, donner plutôt les noms propres des pods avec --url.</translation>
    </message>
</context>
<context>
    <name>MessageJson</name>
    <message>
        <source>&quot;body&quot; is not valid base64, as &quot;bodyEncoding&quot; says.</source>
        <translation>« body » n’est pas du base64 valide, comme le dit « bodyEncoding ».</translation>
    </message>
    <message>
        <source>&quot;typeCode&quot; must be a message type&apos;s number.</source>
        <translation>« typeCode » doit être le numéro d’un type de message.</translation>
    </message>
    <message>
        <source>&quot;correlationId&quot; must be a string.</source>
        <translation>« correlationId » doit être une chaîne.</translation>
    </message>
    <message>
        <source>A frame&apos;s &quot;correlationId&quot; is at most 36 ASCII characters.</source>
        <translation>Le « correlationId » d’une trame a au plus 36 caractères ASCII.</translation>
    </message>
    <message>
        <source>&quot;flags&quot; is one byte, 0 to 255.</source>
        <translation>« flags » est un octet, de 0 à 255.</translation>
    </message>
    <message>
        <source>&quot;payload&quot; must be an object or null.</source>
        <translation>« payload » doit être un objet ou null.</translation>
    </message>
</context>
<context>
    <name>ProxyEndpoints</name>
    <message>
        <source>--proxy needs --listen HOST:PORT, got &quot;%1&quot;.</source>
        <translation>--proxy a besoin de --listen HÔTE:PORT, reçu « %1 ».</translation>
    </message>
    <message>
        <source>--proxy needs --upstream ws://HOST:PORT/PATH (or wss://), got &quot;%1&quot;.</source>
        <translation>--proxy a besoin de --upstream ws://HÔTE:PORT/CHEMIN (ou wss://), reçu « %1 ».</translation>
    </message>
</context>
<context>
    <name>SlimFaasCall</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>nobody subscribes to %1</source>
        <translation>personne n’est abonné à %1</translation>
    </message>
    <message>
        <source>call, enqueue, publish or status.</source>
        <translation>call, enqueue, publish ou status.</translation>
    </message>
    <message>
        <source>FUNCTION/PATH, EVENT/PATH, or a function name.</source>
        <translation>FONCTION/CHEMIN, ÉVÈNEMENT/CHEMIN, ou un nom de fonction.</translation>
    </message>
    <message>
        <source>[target]</source>
        <translation>[cible]</translation>
    </message>
    <message>
        <source>SlimFaas HTTP base URL (default: $SLIMFAAS_URL, else %1).</source>
        <translation>URL de base HTTP de SlimFaas (par défaut : $SLIMFAAS_URL, sinon %1).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>HTTP method of call and enqueue (default: GET for call, POST with a body or for enqueue).</source>
        <translation>Méthode HTTP de call et enqueue (par défaut : GET pour call, POST avec un corps ou pour enqueue).</translation>
    </message>
    <message>
        <source>method</source>
        <translation>méthode</translation>
    </message>
    <message>
        <source>Request header &quot;Name: value&quot;; repeatable.</source>
        <translation>En-tête de requête « Nom: valeur » ; répétable.</translation>
    </message>
    <message>
        <source>header</source>
        <translation>en-tête</translation>
    </message>
    <message>
        <source>Query string to add (&quot;a=1&amp;b=2&quot;); a &apos;?&apos; in the path works too.</source>
        <translation>Chaîne de requête à ajouter (« a=1&amp;b=2 ») ; un « ? » dans le chemin convient aussi.</translation>
    </message>
    <message>
        <source>query</source>
        <translation>requête</translation>
    </message>
    <message>
        <source>Request body.</source>
        <translation>Corps de la requête.</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texte</translation>
    </message>
    <message>
        <source>Request body read from a file, streamed as it is read; &quot;-&quot; reads stdin completely before sending it.</source>
        <translation>Corps de la requête lu dans un fichier, envoyé au fil de la lecture ; « - » lit stdin jusqu’au bout avant de l’envoyer.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>Print the result as one JSON object on stdout (call: status, headers and body, as &quot;body&quot; when it is UTF-8 text, else &quot;bodyBase64&quot;).</source>
        <translation>Affiche le résultat en un objet JSON sur stdout (call : statut, en-têtes et corps, en « body » s’il est du texte UTF-8, sinon en « bodyBase64 »).</translation>
    </message>
    <message>
        <source>Give up when nothing moves for this many ms (default 0: wait as long as SlimFaas does).</source>
        <translation>Abandonne quand rien ne passe pendant ce nombre de ms (par défaut 0 : attendre autant que SlimFaas).</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Do not verify the server&apos;s TLS certificate (https://).</source>
        <translation>Ne vérifie pas le certificat TLS du serveur (https://).</translation>
    </message>
    <message>
        <source>a verb is required: call, enqueue, publish or status.</source>
        <translation>un verbe est requis : call, enqueue, publish ou status.</translation>
    </message>
    <message>
        <source>unknown verb &quot;%1&quot;.</source>
        <translation>verbe « %1 » inconnu.</translation>
    </message>
    <message>
        <source>%1 takes one NAME/PATH argument.</source>
        <translation>%1 prend un argument NOM/CHEMIN.</translation>
    </message>
    <message>
        <source>status takes at most one function name.</source>
        <translation>status prend au plus un nom de fonction.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no function or event.</source>
        <translation>« %1 » ne nomme ni fonction ni évènement.</translation>
    </message>
    <message>
        <source>status takes a function name, not a path.</source>
        <translation>status prend un nom de fonction, pas un chemin.</translation>
    </message>
    <message>
        <source>the URL &quot;%1&quot; is not an http:// or https:// URL.</source>
        <translation>l’URL « %1 » n’est pas une URL http:// ou https://.</translation>
    </message>
    <message>
        <source>--header expects &quot;Name: value&quot;, got &quot;%1&quot;.</source>
        <translation>--header attend « Nom: valeur », reçu « %1 ».</translation>
    </message>
    <message>
        <source>--data and --data-file cannot be combined.</source>
        <translation>--data et --data-file ne peuvent pas être combinés.</translation>
    </message>
    <message>
        <source>status sends no body.</source>
        <translation>status n’envoie pas de corps.</translation>
    </message>
    <message>
        <source>-X/--method applies to call and enqueue only.</source>
        <translation>-X/--method ne s’applique qu’à call et enqueue.</translation>
    </message>
    <message>
        <source>--timeout expects a number of ms &gt;= 0, got &quot;%1&quot;.</source>
        <translation>--timeout attend un nombre de ms &gt;= 0, reçu « %1 ».</translation>
    </message>
    <message>
        <source>the answer is larger than --max-answer-size (%1 bytes).</source>
        <translation>la réponse dépasse --max-answer-size (%1 octets).</translation>
    </message>
    <message>
        <source>Follow redirects to the same origin (scheme, host and port) when the method stays the same; a redirect elsewhere is the answer (exit status 3). Without it, every redirect is the answer.</source>
        <translation>Suit les redirections vers la même origine (schéma, hôte et port) quand la méthode reste la même ; une redirection ailleurs est la réponse (code de sortie 3). Sans cette option, toute redirection est la réponse.</translation>
    </message>
    <message>
        <source>Most bytes of an answer kept in memory by --json and status (K, M and G suffixes work; default 16M). A longer answer fails with exit status 5.</source>
        <translation>Nombre maximal d’octets d’une réponse gardés en mémoire par --json et status (suffixes K, M et G acceptés ; 16M par défaut). Une réponse plus longue échoue avec le code de sortie 5.</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>octets</translation>
    </message>
    <message>
        <source>Print what SlimFaas sent as it is, control characters included, instead of showing them as escapes.</source>
        <translation>Affiche ce que SlimFaas a envoyé tel quel, caractères de contrôle compris, au lieu de les montrer en séquences d’échappement.</translation>
    </message>
    <message>
        <source>--max-answer-size expects a number of bytes &gt; 0 (with K, M or G), got &quot;%1&quot;.</source>
        <translation>--max-answer-size attend un nombre d’octets &gt; 0 (avec K, M ou G), reçu « %1 ».</translation>
    </message>
    <message>
        <source>Calls SlimFaas from a shell.

  call FUNCTION[/PATH]     sync call: the function&apos;s body on stdout, its status and
                           headers on stderr
  enqueue FUNCTION[/PATH]  async call: prints the element id SlimFaas gave it
  publish EVENT[/PATH]     publishes an event (POST): &quot;delivered&quot;, or exit status 4
                           when nobody subscribes
  status [FUNCTION]        the status of every function, or of one

Exit status:
  0  a 2xx answer (publish: delivered)
  1  usage error, an unreadable --data-file, or a path with &quot;.&quot; or &quot;..&quot;
     segments (also percent-encoded), which could reach another function
  2  no answer: connection refused or lost (also before the end of the
     answer), timeout, TLS
  3  an HTTP status outside 2xx other than 404, a redirect (3xx) included
  4  404: unknown function or status, or nobody subscribes to the event
  5  an answer that cannot be read: malformed framing (a bad chunk size),
     failed decompression, a 101 nobody asked for (other 1xx interim answers
     are skipped), or larger than --max-answer-size

Limits: call streams the body with constant memory; --json and status keep at
most --max-answer-size bytes (16 MiB by default). Redirects are not followed
unless --follow-redirects, and then only to the same origin. Control characters
in what is printed for a terminal (status, headers, messages; the body when
stdout is a terminal) are shown as escapes such as \x1b, unless --raw.</source>
        <translation>Appelle SlimFaas depuis un shell.

  call FONCTION[/CHEMIN]     appel synchrone : le corps de la fonction sur stdout,
                             son statut et ses en-têtes sur stderr
  enqueue FONCTION[/CHEMIN]  appel asynchrone : affiche l’element id donné par SlimFaas
  publish ÉVÈNEMENT[/CHEMIN] publie un évènement (POST) : « delivered », ou le code
                             de sortie 4 quand personne n’y est abonné
  status [FONCTION]          l’état de chaque fonction, ou d’une seule

Code de sortie :
  0  une réponse 2xx (publish : remis)
  1  erreur d’utilisation, un --data-file illisible, ou un chemin avec des
     segments « . » ou « .. » (même encodés en pourcent), qui pourrait
     atteindre une autre fonction
  2  pas de réponse : connexion refusée ou perdue (même avant la fin de la
     réponse), délai dépassé, TLS
  3  un statut HTTP hors de 2xx autre que 404, redirection (3xx) comprise
  4  404 : fonction ou état inconnu, ou personne n’est abonné à l’évènement
  5  une réponse illisible : découpage mal formé (une taille de bloc invalide),
     décompression en échec, un 101 que personne n’a demandé (les autres
     réponses intermédiaires 1xx sont sautées), ou plus grande que
     --max-answer-size

Limites : call transmet le corps en flux à mémoire constante ; --json et status
gardent au plus --max-answer-size octets (16 Mio par défaut). Les redirections
ne sont pas suivies sans --follow-redirects, et alors seulement vers la même
origine. Les caractères de contrôle de ce qui est affiché pour un terminal
(statut, en-têtes, messages ; le corps quand stdout est un terminal) sont
montrés en séquences d’échappement comme \x1b, sauf avec --raw.</translation>
    </message>
</context>
<context>
    <name>SlimFaasCaller</name>
    <message>
        <source>Invalid SlimFaas URL &quot;%1&quot;: expected http:// or https://.</source>
        <translation>URL SlimFaas « %1 » invalide : http:// ou https:// attendu.</translation>
    </message>
    <message>
        <source>The call was aborted.</source>
        <translation>L’appel a été interrompu.</translation>
    </message>
    <message>
        <source>No data moved within the transfer timeout.</source>
        <translation>Aucune donnée n’est passée dans le délai de transfert.</translation>
    </message>
    <message>
        <source>Calling %1 failed: %2</source>
        <translation>L’appel de %1 a échoué : %2</translation>
    </message>
    <message>
        <source>SlimFaas does not know %1 (404).</source>
        <translation>SlimFaas ne connaît pas %1 (404).</translation>
    </message>
    <message>
        <source>SlimFaas answered %1 instead of %2 to %3.</source>
        <translation>SlimFaas a répondu %1 au lieu de %2 à %3.</translation>
    </message>
    <message>
        <source>The caller was destroyed before SlimFaas answered.</source>
        <translation>L’appelant a été détruit avant la réponse de SlimFaas.</translation>
    </message>
    <message>
        <source>The request body device is not open for reading.</source>
        <translation>Le périphérique du corps de la requête n’est pas ouvert en lecture.</translation>
    </message>
    <message>
        <source>SlimFaas accepted the call but gave no SlimFaas-Element-Id.</source>
        <translation>SlimFaas a accepté l’appel mais n’a pas donné de SlimFaas-Element-Id.</translation>
    </message>
    <message>
        <source>Unreadable function statuses: %1</source>
        <translation>États des fonctions illisibles : %1</translation>
    </message>
    <message>
        <source>not a JSON array</source>
        <translation>pas un tableau JSON</translation>
    </message>
    <message>
        <source>Unreadable function status: %1</source>
        <translation>État de fonction illisible : %1</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>pas un objet JSON</translation>
    </message>
    <message>
        <source>Invalid name &quot;%1&quot;: it must not be empty, &quot;.&quot; or &quot;..&quot;, nor contain &apos;/&apos; or &apos;\&apos;.</source>
        <translation>Nom « %1 » invalide : il ne doit pas être vide, « . » ou « .. », ni contenir « / » ou « \ ».</translation>
    </message>
    <message>
        <source>Invalid path &quot;%1&quot;: &quot;.&quot; and &quot;..&quot; segments, encoded or not, would leave the route of %2.</source>
        <translation>Chemin « %1 » invalide : les segments « . » et « .. », encodés ou non, sortiraient de la route de %2.</translation>
    </message>
    <message>
        <source>The answer of %1 is larger than %2 bytes.</source>
        <translation>La réponse de %1 dépasse %2 octets.</translation>
    </message>
    <message>
        <source>SlimFaasCaller called from a thread other than its own: create, call and destroy it in one thread, or reach it with QMetaObject::invokeMethod().</source>
        <translation>SlimFaasCaller appelé depuis un autre thread que le sien : créez-le, appelez-le et détruisez-le dans un même thread, ou passez par QMetaObject::invokeMethod().</translation>
    </message>
    <message>
        <source>SlimFaasCaller&apos;s thread has no event loop (a std::thread?): no call could finish. Use it in a QThread or the main thread.</source>
        <translation>Le thread de SlimFaasCaller n&apos;a pas de boucle d&apos;évènements (un std::thread ?) : aucun appel ne pourrait se terminer. Utilisez-le dans un QThread ou le thread principal.</translation>
    </message>
</context>
<context>
    <name>SlimFaasClient</name>
    <message>
        <source>A message was too large for the connection: the server sent one over this client&apos;s maximum of %1 bytes, or it refused one this client sent.</source>
        <translation>Un message était trop grand pour la connexion : le serveur en a envoyé un au-delà du maximum de %1 octets de ce client, ou il en a refusé un que ce client a envoyé.</translation>
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
    <message>
        <source>Refused an answer for an earlier delivery of %1: SlimFaas has delivered it again since, and only the answer to that delivery counts.</source>
        <translation>Réponse refusée pour une livraison antérieure de %1 : SlimFaas l’a livrée de nouveau depuis, et seule la réponse à cette livraison compte.</translation>
    </message>
    <message>
        <source>Could not find the addresses of the SlimFaas nodes: %1</source>
        <translation>Impossible de trouver les adresses des nœuds SlimFaas : %1</translation>
    </message>
    <message>
        <source>%1 has no address</source>
        <translation>%1 n&apos;a pas d&apos;adresse</translation>
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
        <source>/async-function/%1 was accepted (202) for &quot;%2&quot; but queued as &quot;%1&quot;: SlimFaas never delivers it.</source>
        <translation>/async-function/%1 a été acceptée (202) pour « %2 » mais mise en file sous « %1 » : SlimFaas ne la livre jamais.</translation>
    </message>
    <message>
        <source>an async request for &quot;%1&quot; has a body of %2 bytes, over 1 MiB: SlimFaas offloads it and the function receives &quot;body&quot;:null.</source>
        <translation>une requête asynchrone pour « %1 » a un corps de %2 octets, plus de 1 Mio : SlimFaas le déporte et la fonction reçoit &quot;body&quot;:null.</translation>
    </message>
    <message>
        <source>empty elementId</source>
        <translation>elementId vide</translation>
    </message>
    <message>
        <source>the callback %1 for %2 came %3 ms after the try began, past the queue&apos;s %4 ms: SlimFaas had recorded 504 and drops it.</source>
        <translation>le callback %1 pour %2 est arrivé %3 ms après le début de l’essai, au-delà des %4 ms de la file : SlimFaas avait enregistré 504 et l’abandonne.</translation>
    </message>
    <message>
        <source>the callback %1 for %2 came %3 ms after the try began, past the queue&apos;s %4 ms: it counts only because no dequeue happened meanwhile; in production it may be dropped (504).</source>
        <translation>le callback %1 pour %2 est arrivé %3 ms après le début de l’essai, au-delà des %4 ms de la file : il compte seulement parce qu’aucun retrait de la file n’a eu lieu entre-temps ; en production il peut être abandonné (504).</translation>
    </message>
    <message>
        <source>a callback with status 202 for %1 ends SlimFaas&apos;s wait but is never recorded: the request will end as 504, and a later callback for it is dropped.</source>
        <translation>un callback de statut 202 pour %1 met fin à l’attente de SlimFaas mais n’est jamais enregistré : la requête finira en 504, et un callback ultérieur sera abandonné.</translation>
    </message>
    <message>
        <source>invalid JSON at offset %1: %2</source>
        <translation>JSON invalide à la position %1 : %2</translation>
    </message>
    <message>
        <source>the message is not a JSON object</source>
        <translation>le message n’est pas un objet JSON</translation>
    </message>
    <message>
        <source>field &quot;type&quot; must be an integer</source>
        <translation>le champ « type » doit être un entier</translation>
    </message>
    <message>
        <source>field &quot;correlationId&quot; must be a string</source>
        <translation>le champ « correlationId » doit être une chaîne</translation>
    </message>
    <message>
        <source>/function/%1 names &quot;%2&quot; with another case: SlimFaas finds the function but sends the call to &quot;%1&quot;, which has no connection, and answers 503.</source>
        <translation>/function/%1 désigne « %2 » avec une autre casse : SlimFaas trouve la fonction mais envoie l’appel à « %1 », qui n’a aucune connexion, et répond 503.</translation>
    </message>
    <message>
        <source>repeated SyncResponseStart ignored</source>
        <translation>SyncResponseStart répété ignoré</translation>
    </message>
    <message>
        <source>invalid SyncResponseStart: %1</source>
        <translation>SyncResponseStart invalide : %1</translation>
    </message>
    <message>
        <source>invalid response start</source>
        <translation>début de réponse invalide</translation>
    </message>
    <message>
        <source>connection %1 sent Register again: SlimFaas adds it once more, so it counts as several replicas of &quot;%2&quot;.</source>
        <translation>la connexion %1 a renvoyé Register : SlimFaas l’ajoute une fois de plus, elle compte donc pour plusieurs réplicas de « %2 ».</translation>
    </message>
    <message>
        <source>&quot;%1&quot; sets DefaultAsync in its configuration: SlimFaas ignores it for WebSocket functions and retries 500, 502 and 503 after 2, 4 and 8 s, with a 120 s timeout.</source>
        <translation>« %1 » définit DefaultAsync dans sa configuration : SlimFaas l’ignore pour les fonctions WebSocket et réessaie 500, 502 et 503 après 2, 4 et 8 s, avec un délai de 120 s.</translation>
    </message>
    <message>
        <source>/async-function and /function</source>
        <translation>/async-function et /function</translation>
    </message>
    <message>
        <source>async paths have no leading &apos;/&apos;</source>
        <translation>les chemins asynchrones n’ont pas de « / » initial</translation>
    </message>
    <message>
        <source>sync paths are lowercased, the rule is not</source>
        <translation>les chemins synchrones sont mis en minuscules, pas la règle</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the %2 rule &quot;%3&quot; never matches on %4 (%5); those paths get the default visibility.</source>
        <translation>« %1 » : la règle %2 « %3 » ne correspond jamais sur %4 (%5) ; ces chemins ont la visibilité par défaut.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has numberParallelRequestPerPod %2: SlimFaas dispatches none of its async requests and answers its sync calls 503.</source>
        <translation>« %1 » a numberParallelRequestPerPod %2 : SlimFaas ne distribue aucune de ses requêtes asynchrones et répond 503 à ses appels synchrones.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has numberParallelRequest %2: SlimFaas dispatches none of its async requests.</source>
        <translation>« %1 » a numberParallelRequest %2 : SlimFaas ne distribue aucune de ses requêtes asynchrones.</translation>
    </message>
    <message>
        <source>invalid response: %1</source>
        <translation>réponse invalide : %1</translation>
    </message>
    <message>
        <source>header name &quot;%1&quot; is not an HTTP token</source>
        <translation>le nom d’en-tête « %1 » n’est pas un jeton HTTP</translation>
    </message>
    <message>
        <source>caller too far behind the response</source>
        <translation>appelant trop en retard sur la réponse</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 replicas x numberParallelRequestPerPod %3 = %4 overflows SlimFaas&apos;s 32-bit int, which wraps to %5: it dispatches %6 of its async requests at once.</source>
        <translation>« %1 » : %2 réplicas x numberParallelRequestPerPod %3 = %4 dépasse l’int 32 bits de SlimFaas, qui boucle à %5 : il distribue %6 de ses requêtes asynchrones à la fois.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>the callback for %1 cannot be read by SlimFaas (%2): it is dropped, and the request keeps its slot until the connection&apos;s wait for a callback ends.</source>
        <translation>le callback pour %1 est illisible pour SlimFaas (%2) : il est abandonné, et la requête garde sa place jusqu’à la fin de l’attente d’un callback par la connexion.</translation>
    </message>
    <message>
        <source>the event &quot;%1&quot; is not sent to it</source>
        <translation>l’évènement « %1 » ne lui est pas envoyé</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is %2, not an integer</source>
        <translation>« %1 » vaut %2, pas un entier</translation>
    </message>
    <message>
        <source>&quot;replicasStartAsSoonAsOneFunctionRetrieveARequest&quot; is %1, not a boolean</source>
        <translation>« replicasStartAsSoonAsOneFunctionRetrieveARequest » vaut %1, pas un booléen</translation>
    </message>
    <message>
        <source>the payload is not a JSON object</source>
        <translation>le payload n’est pas un objet JSON</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is null</source>
        <translation>« %1 » est null</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has a null entry</source>
        <translation>« %1 » a une entrée null</translation>
    </message>
    <message>
        <source>a &quot;pathsStartWithVisibility&quot; rule has a null visibility</source>
        <translation>une règle « pathsStartWithVisibility » a une visibilité null</translation>
    </message>
    <message>
        <source>&quot;defaultVisibility&quot; or &quot;defaultTrust&quot; is not a string</source>
        <translation>« defaultVisibility » ou « defaultTrust » n’est pas une chaîne</translation>
    </message>
    <message>
        <source>a visibility that is not a string</source>
        <translation>une visibilité qui n’est pas une chaîne</translation>
    </message>
    <message>
        <source>the payload is null</source>
        <translation>le payload est null</translation>
    </message>
    <message>
        <source>&quot;elementId&quot; is %1, not a string</source>
        <translation>« elementId » vaut %1, pas une chaîne</translation>
    </message>
    <message>
        <source>&quot;statusCode&quot; is %1, not an integer</source>
        <translation>« statusCode » vaut %1, pas un entier</translation>
    </message>
    <message>
        <source>the caller of sync request %1 went away: SlimFaas sends the function no SyncCancel.</source>
        <translation>l’appelant de la requête synchrone %1 est parti : SlimFaas n’envoie pas de SyncCancel à la fonction.</translation>
    </message>
    <message>
        <source>its caller left after the response started</source>
        <translation>son appelant est parti après le début de la réponse</translation>
    </message>
    <message>
        <source>request body too slow</source>
        <translation>corps de requête trop lent</translation>
    </message>
    <message>
        <source>the sync request bodies for it are not read until it reads</source>
        <translation>les corps des requêtes synchrones qui lui sont destinées ne sont pas lus tant qu’elle ne lit pas</translation>
    </message>
    <message>
        <source>the SyncResponseStart of sync request %1 is JSON null: SlimFaas ignores it and the caller waits until the sync timeout (503).</source>
        <translation>le SyncResponseStart de la requête synchrone %1 est JSON null : SlimFaas l’ignore et l’appelant attend jusqu’au délai synchrone (503).</translation>
    </message>
    <message>
        <source>the SyncResponseStart of sync request %1 cannot be read by SlimFaas: %2. It sends SyncCancel and answers the caller 503.</source>
        <translation>le SyncResponseStart de la requête synchrone %1 est illisible pour SlimFaas : %2. Il envoie SyncCancel et répond 503 à l’appelant.</translation>
    </message>
    <message>
        <source>sync request %1 was answered with status %2, which cannot be a final HTTP status: the emulator answers the caller 502 and sends SyncCancel (SlimFaas would pass it on as the caller&apos;s final status).</source>
        <translation>la requête synchrone %1 a reçu le statut %2, qui ne peut pas être un statut HTTP final : l’émulateur répond 502 à l’appelant et envoie SyncCancel (SlimFaas le transmettrait comme statut final de l’appelant).</translation>
    </message>
    <message>
        <source>invalid status %1</source>
        <translation>statut %1 invalide</translation>
    </message>
    <message>
        <source>&quot;headers&quot; is null</source>
        <translation>« headers » est null</translation>
    </message>
    <message>
        <source>the SyncResponseStart of sync request %1 has &quot;headers&quot;: null: SlimFaas fails while copying them (503 to the caller, no SyncCancel).</source>
        <translation>le SyncResponseStart de la requête synchrone %1 a « headers » : null : SlimFaas échoue en les copiant (503 à l’appelant, pas de SyncCancel).</translation>
    </message>
    <message>
        <source>sync request %1: %2. Kestrel throws when SlimFaas sets it: 503 to the caller, no SyncCancel.</source>
        <translation>requête synchrone %1 : %2. Kestrel lève une exception quand SlimFaas le définit : 503 à l’appelant, pas de SyncCancel.</translation>
    </message>
    <message>
        <source>sync request %1: the function declared Content-Length %2 but sends more (%3 bytes so far). SlimFaas keeps its Content-Length, and Kestrel refuses the write: %4</source>
        <translation>requête synchrone %1 : la fonction a déclaré Content-Length %2 mais envoie plus (%3 octets jusqu’ici). SlimFaas garde son Content-Length, et Kestrel refuse l’écriture : %4</translation>
    </message>
    <message>
        <source>the caller&apos;s response is cut short.</source>
        <translation>la réponse de l’appelant est tronquée.</translation>
    </message>
    <message>
        <source>the caller gets the first %1 bytes, then the connection closes.</source>
        <translation>l’appelant reçoit les %1 premiers octets, puis la connexion se ferme.</translation>
    </message>
    <message>
        <source>the caller gets %1.</source>
        <translation>l’appelant reçoit %1.</translation>
    </message>
    <message>
        <source>more bytes than its Content-Length</source>
        <translation>plus d’octets que son Content-Length</translation>
    </message>
    <message>
        <source>sync request %1 (%2) is never removed by SlimFaas, not even by its SyncResponseEnd: only a SyncCancel for it or a disconnect frees its slot. Connection %3 now holds %4 such slot(s) of its %5 (numberParallelRequestPerPod); once all are held, every sync call and async try it gets is answered 503.</source>
        <translation>la requête synchrone %1 (%2) n’est jamais retirée par SlimFaas, pas même par son SyncResponseEnd : seuls un SyncCancel pour elle ou une déconnexion libèrent sa place. La connexion %3 occupe maintenant %4 place(s) de ce type sur ses %5 (numberParallelRequestPerPod) ; une fois toutes occupées, chaque appel synchrone et chaque essai asynchrone qu’elle reçoit obtient 503.</translation>
    </message>
    <message>
        <source>sync request %1: the function declared Content-Length %2 but sent %3 bytes. SlimFaas keeps its Content-Length: %4</source>
        <translation>requête synchrone %1 : la fonction a déclaré Content-Length %2 mais a envoyé %3 octets. SlimFaas garde son Content-Length : %4</translation>
    </message>
    <message>
        <source>Kestrel answers the caller 500.</source>
        <translation>Kestrel répond 500 à l’appelant.</translation>
    </message>
    <message>
        <source>response shorter than its Content-Length</source>
        <translation>réponse plus courte que son Content-Length</translation>
    </message>
    <message>
        <source>not JSON (%1 at offset %2)</source>
        <translation>pas du JSON (%1 à la position %2)</translation>
    </message>
    <message>
        <source>&quot;statusCode&quot; is %1, not a 32-bit integer</source>
        <translation>« statusCode » vaut %1, pas un entier 32 bits</translation>
    </message>
    <message>
        <source>&quot;headers&quot; is not an object of string lists</source>
        <translation>« headers » n’est pas un objet de listes de chaînes</translation>
    </message>
    <message>
        <source>the value of header &quot;%1&quot; is not a list of strings (write [&quot;value&quot;], not &quot;value&quot;)</source>
        <translation>la valeur de l’en-tête « %1 » n’est pas une liste de chaînes (écrivez [&quot;valeur&quot;], pas &quot;valeur&quot;)</translation>
    </message>
    <message>
        <source>header &quot;%1&quot; holds a value that is not a string</source>
        <translation>l’en-tête « %1 » contient une valeur qui n’est pas une chaîne</translation>
    </message>
    <message>
        <source>header %1 has a non-ASCII or control character in its value &quot;%2&quot;</source>
        <translation>l’en-tête %1 a un caractère non ASCII ou de contrôle dans sa valeur « %2 »</translation>
    </message>
    <message>
        <source>Content-Length &quot;%1&quot; is not one non-negative integer</source>
        <translation>Content-Length « %1 » n’est pas un entier positif ou nul unique</translation>
    </message>
    <message>
        <source>%1 has not registered within %2 ms: closed</source>
        <translation>%1 ne s’est pas enregistré en %2 ms : fermé</translation>
    </message>
    <message>
        <source>%1 of &quot;%2&quot; has %3 bytes it has not read: %4</source>
        <translation>%1 de « %2 » a %3 octets qu’il n’a pas lus : %4</translation>
    </message>
    <message>
        <source>connection %1 from %2</source>
        <translation>connexion %1 depuis %2</translation>
    </message>
    <message>
        <source>its Ping is not answered</source>
        <translation>son Ping reste sans réponse</translation>
    </message>
    <message>
        <source>SlimFaas cannot read the Register payload of &quot;%1&quot; (%2) and refuses it with &quot;%3&quot;</source>
        <translation>SlimFaas ne peut pas lire le payload Register de « %1 » (%2) et le refuse avec « %3 »</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no replica, but SlimFaas still holds the configuration of a connection that registered it before registering under another name: only that configuration is accepted for &quot;%1&quot; until SlimFaas restarts.</source>
        <translation>« %1 » n’a aucun réplica, mais SlimFaas garde encore la configuration d’une connexion qui l’a enregistré avant de s’enregistrer sous un autre nom : seule cette configuration est acceptée pour « %1 » jusqu’au redémarrage de SlimFaas.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; registered with %2. SlimFaas accepts it, then every lookup of WebSocket functions throws: every /function and /async-function call and every event to any WebSocket function, and /status-functions, fail with 500, and no queued async request of any WebSocket function is dispatched, until &quot;%1&quot; has no connection left. The emulator serves on as if it were absent.</source>
        <translation>« %1 » s’est enregistré avec %2. SlimFaas l’accepte, puis chaque recherche de fonctions WebSocket lève une exception : chaque appel /function et /async-function et chaque évènement vers une fonction WebSocket quelconque, ainsi que /status-functions, échouent avec 500, et aucune requête asynchrone en file d’une fonction WebSocket n’est distribuée, tant que « %1 » garde une connexion. L’émulateur continue de servir comme s’il était absent.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; registered a pathsStartWithVisibility rule with a null path. SlimFaas accepts it, then every /function and /async-function call of &quot;%1&quot; fails with 500. The emulator serves on as if the rule were absent.</source>
        <translation>« %1 » a enregistré une règle pathsStartWithVisibility au chemin null. SlimFaas l’accepte, puis chaque appel /function et /async-function de « %1 » échoue avec 500. L’émulateur continue de servir comme si la règle était absente.</translation>
    </message>
    <message>
        <source>connection %1, registered as &quot;%2&quot;, registered as &quot;%3&quot; too: SlimFaas serves it under both names, but takes it out of &quot;%3&quot; only when it closes, so &quot;%2&quot; keeps its configuration for good and later replicas of &quot;%2&quot; with another configuration are refused.</source>
        <translation>la connexion %1, enregistrée comme « %2 », s’est aussi enregistrée comme « %3 » : SlimFaas la sert sous les deux noms, mais ne la retire de « %3 » qu’à sa fermeture, si bien que « %2 » garde sa configuration pour de bon et que les réplicas ultérieurs de « %2 » avec une autre configuration sont refusés.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; sets DefaultSync in its configuration: SlimFaas ignores it for WebSocket functions; a sync call waits 300 s for the response start and is never retried.</source>
        <translation>« %1 » définit DefaultSync dans sa configuration : SlimFaas l’ignore pour les fonctions WebSocket ; un appel synchrone attend 300 s le début de la réponse et n’est jamais réessayé.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; sets DefaultPublish in its configuration: SlimFaas ignores it for WebSocket functions; an event is sent once to each connection, with no timeout and no retry.</source>
        <translation>« %1 » définit DefaultPublish dans sa configuration : SlimFaas l’ignore pour les fonctions WebSocket ; un évènement est envoyé une fois à chaque connexion, sans délai ni nouvel essai.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; sets dependsOn (%2): it has no effect for WebSocket functions, it orders the scaling of Kubernetes deployments only.</source>
        <translation>« %1 » définit dependsOn (%2) : sans effet pour les fonctions WebSocket, il n’ordonne que la mise à l’échelle des déploiements Kubernetes.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; sets replicasStartAsSoonAsOneFunctionRetrieveARequest: it has no effect for WebSocket functions, whose replicas are their connections.</source>
        <translation>« %1 » définit replicasStartAsSoonAsOneFunctionRetrieveARequest : sans effet pour les fonctions WebSocket, dont les réplicas sont leurs connexions.</translation>
    </message>
    <message>
        <source>the path &quot;%1&quot; of %2/%3 escapes a Private rule of &quot;%4&quot; only through its repeated slashes: SlimFaas matches the rules against the path as it is, so an untrusted caller reaches &quot;%5&quot; in production too, and the function receives &quot;%1&quot;.</source>
        <translation>le chemin « %1 » de %2/%3 n’échappe à une règle Private de « %4 » que par ses barres obliques répétées : SlimFaas compare les règles au chemin tel quel, donc un appelant non fiable atteint aussi « %5 » en production, et la fonction reçoit « %1 ».</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is connected to node(s) %2 only: on SlimFaas each node knows its own connections, so a caller whose request reaches node(s) %3 gets 404 from /function/%1 and /async-function/%1, and events published there do not reach it. Connect it to every node.</source>
        <translation>« %1 » n’est connectée qu’au(x) nœud(s) %2 : sur SlimFaas chaque nœud ne connaît que ses propres connexions, donc un appelant dont la requête atteint le(s) nœud(s) %3 reçoit 404 de /function/%1 et /async-function/%1, et les évènements publiés là ne l’atteignent pas. Connectez-la à chaque nœud.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no connection on node %2, the master: only the master dispatches async requests, to its own connections, so those of &quot;%1&quot; wait in the queue until it connects there or node(s) %3 become master.</source>
        <translation>« %1 » n’a aucune connexion sur le nœud %2, le maître : seul le maître distribue les requêtes asynchrones, à ses propres connexions, donc celles de « %1 » attendent dans la file jusqu’à ce qu’elle s’y connecte ou que le(s) nœud(s) %3 devienne(nt) maître.</translation>
    </message>
    <message>
        <source>Cannot listen on ports %1 to %2, one per node: ports end at 65535</source>
        <translation>Impossible d’écouter sur les ports %1 à %2, un par nœud : les ports s’arrêtent à 65535</translation>
    </message>
    <message>
        <source>%1 of &quot;%2&quot; closed (1009, message too big): the emulator held %3 bytes of messages still arriving, %4 of them its own</source>
        <translation>%1 de « %2 » fermée (1009, message trop gros) : l’émulateur tenait %3 octets de messages encore en cours d’arrivée, dont %4 à elle</translation>
    </message>
</context>
<context>
    <name>SlimFaasEmulatorTool</name>
    <message>
        <source>address</source>
        <translation>adresse</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>names</source>
        <translation>noms</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>factor</source>
        <translation>facteur</translation>
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
        <source>WebSocket port, 0 for any free port (default 5003, as SlimFaas).</source>
        <translation>Port WebSocket, 0 pour un port libre quelconque (5003 par défaut, comme SlimFaas).</translation>
    </message>
    <message>
        <source>HTTP port, 0 for any free port (default 30021, SlimFaas&apos;s local examples).</source>
        <translation>Port HTTP, 0 pour un port libre quelconque (30021 par défaut, celui des exemples locaux de SlimFaas).</translation>
    </message>
    <message>
        <source>Names that play existing Kubernetes deployments, comma-separated; repeatable. WebSocket functions may not register under them.</source>
        <translation>Noms jouant des déploiements Kubernetes existants, séparés par des virgules ; répétable. Les fonctions WebSocket ne peuvent pas s’enregistrer sous ces noms.</translation>
    </message>
    <message>
        <source>Callers to trust with Private functions, paths and events, as CIDR; repeatable. They play in-cluster pods of Trusted functions: by default nobody is trusted, loopback included, as on SlimFaas. &quot;none&quot; trusts nobody.</source>
        <translation>Appelants de confiance pour les fonctions, chemins et évènements privés (Private), en CIDR ; répétable. Ils jouent les pods de fonctions de confiance du cluster : par défaut personne n’est de confiance, boucle locale comprise, comme sur SlimFaas. « none » ne fait confiance à personne.</translation>
    </message>
    <message>
        <source>[emulator] Milliseconds after which a try is recorded 504 at the next dequeue (SlimFaas: 120000).</source>
        <translation>[emulator] Millisecondes après lesquelles un essai est enregistré 504 au retrait suivant de la file (SlimFaas : 120000).</translation>
    </message>
    <message>
        <source>[emulator] Milliseconds a connection waits for an async callback, holding a slot (SlimFaas: 300000).</source>
        <translation>[emulator] Millisecondes pendant lesquelles une connexion attend un callback asynchrone en occupant une place (SlimFaas : 300000).</translation>
    </message>
    <message>
        <source>[emulator] Milliseconds a sync request waits for the response start (SlimFaas: 300000).</source>
        <translation>[emulator] Millisecondes pendant lesquelles une requête synchrone attend le début de la réponse (SlimFaas : 300000).</translation>
    </message>
    <message>
        <source>[emulator] Factor applied to the 2, 4 and 8 s retry delays (SlimFaas: 1).</source>
        <translation>[emulator] Facteur appliqué aux délais de nouvel essai de 2, 4 et 8 s (SlimFaas : 1).</translation>
    </message>
    <message>
        <source>[emulator] Milliseconds between the unsolicited WebSocket Pong frames SlimFaas sends (SlimFaas: 30000); 0 sends none.</source>
        <translation>[emulator] Millisecondes entre les trames WebSocket Pong non sollicitées qu’envoie SlimFaas (SlimFaas : 30000) ; 0 n’en envoie aucune.</translation>
    </message>
    <message>
        <source>Print nothing but warnings and errors.</source>
        <translation>N’affiche que les avertissements et les erreurs.</translation>
    </message>
    <message>
        <source>--keep-alive-interval must be a number of milliseconds &gt;= 0.</source>
        <translation>--keep-alive-interval doit être un nombre de millisecondes &gt;= 0.</translation>
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
        <source>[emulator] Largest WebSocket message accepted from a function, in bytes; 0 for no limit, as SlimFaas (default 67108864, 64 MiB: a larger message closes that function&apos;s connection, with a warning).</source>
        <translation>[emulator] Plus grand message WebSocket accepté d’une fonction, en octets ; 0 pour aucune limite, comme SlimFaas (par défaut 67108864, 64 Mio : un message plus grand ferme la connexion de cette fonction, avec un avertissement).</translation>
    </message>
    <message>
        <source>--%1 must be a positive number.</source>
        <translation>--%1 doit être un nombre positif.</translation>
    </message>
    <message>
        <source>Address to listen on: &quot;localhost&quot; (the default) for 127.0.0.1 and ::1, so that localhost works whichever it resolves to and no other host can reach the ports; &quot;any&quot; for every IPv4 and IPv6 address; or an IP address. A warning says when the ports are reachable from other hosts.</source>
        <translation>Adresse d’écoute : « localhost » (par défaut) pour 127.0.0.1 et ::1, pour que localhost fonctionne quelle que soit sa résolution et qu’aucun autre hôte ne puisse atteindre les ports ; « any » pour toutes les adresses IPv4 et IPv6 ; ou une adresse IP. Un avertissement signale quand les ports sont joignables depuis d’autres hôtes.</translation>
    </message>
    <message>
        <source>--host must be an IP address, &quot;localhost&quot; or &quot;any&quot;.</source>
        <translation>--host doit être une adresse IP, « localhost » ou « any ».</translation>
    </message>
    <message>
        <source>[emulator] Milliseconds a WebSocket may stay open without registering; then it is closed, with a warning naming the peer (SlimFaas: no limit). 0 turns the limit off (default %1).</source>
        <translation>[emulator] Millisecondes pendant lesquelles un WebSocket peut rester ouvert sans s’enregistrer ; ensuite il est fermé, avec un avertissement qui nomme le pair (SlimFaas : aucune limite). 0 désactive la limite (par défaut %1).</translation>
    </message>
    <message>
        <source>--register-timeout must be a number of milliseconds &gt;= 0.</source>
        <translation>--register-timeout doit être un nombre de millisecondes &gt;= 0.</translation>
    </message>
    <message>
        <source>[emulator] An Origin a WebSocket upgrade may carry besides loopback ones (e.g. http://dev.example:8080), &quot;*&quot; for any; repeatable. By default an upgrade from a web page elsewhere is refused (403); SlimFaas accepts any, and its clients send no Origin.</source>
        <translation>[emulator] Une Origin qu’une mise à niveau WebSocket peut porter en plus de celles de loopback (p. ex. http://dev.example:8080), « * » pour toutes ; répétable. Par défaut, une mise à niveau venant d’une page web d’ailleurs est refusée (403) ; SlimFaas les accepte toutes, et ses clients n’envoient pas d’Origin.</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>origine</translation>
    </message>
    <message>
        <source>Bytes per second a request body must average once the grace period is over; slower: 408 (a sync call: 503 and SyncCancel). 0: none.</source>
        <translation>Octets par seconde qu’un corps de requête doit atteindre en moyenne une fois la période de grâce passée ; plus lent : 408 (un appel synchrone : 503 et SyncCancel). 0 : aucun.</translation>
    </message>
    <message>
        <source>bytes/s</source>
        <translation>octets/s</translation>
    </message>
    <message>
        <source>Milliseconds a request body may take before --min-body-rate applies.</source>
        <translation>Millisecondes qu’un corps de requête peut prendre avant que --min-body-rate s’applique.</translation>
    </message>
    <message>
        <source>Bytes waiting unsent on one function&apos;s WebSocket; beyond, its sync request bodies wait, its events are dropped and its Pings go unanswered.</source>
        <translation>Octets en attente d’envoi sur le WebSocket d’une fonction ; au-delà, les corps de ses requêtes synchrones attendent, ses évènements sont abandonnés et ses Pings restent sans réponse.</translation>
    </message>
    <message>
        <source>The same, for all function WebSockets together.</source>
        <translation>La même chose, pour tous les WebSockets de fonctions ensemble.</translation>
    </message>
    <message>
        <source>SlimFaas nodes to run, from 1 (the default) to %1: node k listens on --ws-port and --http-port plus k (free ports for 0), knows only the functions connected to it (404 for the others), and only the master (node 0 at first; POST /emulator/master/&lt;node&gt; moves it) dispatches async requests, to its own connections. GET /emulator/nodes lists them.</source>
        <translation>Nœuds SlimFaas à faire tourner, de 1 (par défaut) à %1 : le nœud k écoute sur --ws-port et --http-port plus k (des ports libres pour 0), ne connaît que les fonctions qui lui sont connectées (404 pour les autres), et seul le maître (le nœud 0 au départ ; POST /emulator/master/&lt;nœud&gt; le déplace) distribue les requêtes asynchrones, à ses propres connexions. GET /emulator/nodes les liste.</translation>
    </message>
    <message>
        <source>--nodes must be a number from 1 to %1.</source>
        <translation>--nodes doit être un nombre de 1 à %1.</translation>
    </message>
    <message>
        <source>Emulates the SlimFaas server for WebSocket functions: functions register on ws://HOST:WS-PORT/ws, callers use http://HOST:HTTP-PORT/async-function/&lt;name&gt;/..., /function/&lt;name&gt;/..., /publish-event/&lt;event&gt;/..., /status-functions, /status-function/&lt;name&gt;, /health and /ready, answered as SlimFaas answers them. Where SlimFaas surprises (ignored DefaultAsync, bodies over 1 MiB dropped, late or 202 callbacks, path rules that never match, no SyncCancel when a caller leaves, names in another case, zero parallelism), the emulator does the same and prints a warning.
Emulator only: GET /emulator/functions (pods, queue length, limits), GET /emulator/nodes and POST /emulator/master/&lt;node&gt; (with --nodes), the --log-json lines, and the options marked [emulator] below, which change what SlimFaas does (keep their defaults to behave as in production). Stops on SIGINT/SIGTERM.</source>
        <translation>Émule le serveur SlimFaas pour les fonctions WebSocket : les fonctions s’enregistrent sur ws://HÔTE:PORT-WS/ws, les appelants utilisent http://HÔTE:PORT-HTTP/async-function/&lt;nom&gt;/..., /function/&lt;nom&gt;/..., /publish-event/&lt;évènement&gt;/..., /status-functions, /status-function/&lt;nom&gt;, /health et /ready, qui répondent comme SlimFaas. Là où SlimFaas surprend (DefaultAsync ignoré, corps de plus de 1 Mio perdus, callbacks tardifs ou 202, règles de chemin qui ne correspondent jamais, pas de SyncCancel quand un appelant part, noms dans une autre casse, parallélisme nul), l’émulateur fait de même et affiche un avertissement.
Propre à l’émulateur : GET /emulator/functions (pods, longueur de file, limites), GET /emulator/nodes et POST /emulator/master/&lt;nœud&gt; (avec --nodes), les lignes --log-json et les options marquées [emulator] ci-dessous, qui changent ce que fait SlimFaas (gardez leurs valeurs par défaut pour vous comporter comme en production). S’arrête sur SIGINT/SIGTERM.</translation>
    </message>
    <message>
        <source>[emulator] Print one JSON line on stdout per thing observed: connections, registrations, messages, queue changes, outcomes and warnings ({&quot;event&quot;:&quot;warning&quot;,&quot;code&quot;:...}). The first line is the &quot;listening&quot; event with the bound URLs (with --nodes, node 0&apos;s, and every node&apos;s in &quot;nodes&quot;).</source>
        <translation>[emulator] Affiche sur stdout une ligne JSON par fait observé : connexions, enregistrements, messages, changements de file, résultats et avertissements ({&quot;event&quot;:&quot;warning&quot;,&quot;code&quot;:...}). La première ligne est l’évènement « listening » avec les URL liées (avec --nodes, celles du nœud 0, et celles de chaque nœud dans « nodes »).</translation>
    </message>
    <message>
        <source>Bytes of the messages functions are still sending, for all function WebSockets together (a text message counts twice its length); the connection whose message goes past it is closed (1009).</source>
        <translation>Octets des messages que les fonctions sont encore en train d’envoyer, pour tous les WebSockets de fonctions ensemble (un message texte compte deux fois sa longueur) ; la connexion dont le message va au-delà est fermée (1009).</translation>
    </message>
</context>
<context>
    <name>SlimFaasFunctionConfig</name>
    <message>
        <source>The function has no name.</source>
        <translation>La fonction n’a pas de nom.</translation>
    </message>
    <message>
        <source>Function %1 subscribes to an event without a name.</source>
        <translation>La fonction %1 s’abonne à un évènement sans nom.</translation>
    </message>
</context>
<context>
    <name>SlimFaasFunctionStatus</name>
    <message>
        <source>the field &quot;%1&quot; is missing or is not %2</source>
        <translation>le champ « %1 » est absent ou n’est pas %2</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un nombre</translation>
    </message>
</context>
<context>
    <name>SlimFaasHttpReply</name>
    <message>
        <source>Malformed HTTP answer from %1: %2.</source>
        <translation>Réponse HTTP mal formée de %1 : %2.</translation>
    </message>
    <message>
        <source>a chunk is not followed by CRLF</source>
        <translation>un bloc n’est pas suivi de CRLF</translation>
    </message>
    <message>
        <source>The operation was canceled.</source>
        <translation>L’opération a été annulée.</translation>
    </message>
    <message>
        <source>Decompression of the answer of %1 failed: %2.</source>
        <translation>La décompression de la réponse de %1 a échoué : %2.</translation>
    </message>
    <message>
        <source>the compressed data ends early</source>
        <translation>les données compressées s’arrêtent avant leur fin</translation>
    </message>
    <message>
        <source>%1 switched protocols, which was not asked for.</source>
        <translation>%1 a changé de protocole, ce qui n’était pas demandé.</translation>
    </message>
    <message>
        <source>it inflates more than %1 times, a decompression bomb</source>
        <translation>elle grossit plus de %1 fois à la décompression, une bombe de décompression</translation>
    </message>
    <message>
        <source>The connection to %1 closed before the end of the answer (%2 bytes of body received).</source>
        <translation>La connexion à %1 s’est fermée avant la fin de la réponse (%2 octets de corps reçus).</translation>
    </message>
    <message>
        <source>The connection to %1 closed before any answer.</source>
        <translation>La connexion à %1 s’est fermée avant toute réponse.</translation>
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
        <source>Connects to SlimFaas as a virtual function and prints every message it receives as one JSON line on stdout. Async requests are answered with the status given by --status. Diagnostics go to stderr. Exit status: 0 on SIGINT/SIGTERM, 1 on a usage error, 2 when SlimFaas refuses the registration.</source>
        <translation>Se connecte à SlimFaas comme fonction virtuelle et affiche chaque message reçu sous forme d’une ligne JSON sur stdout. Les requêtes asynchrones reçoivent le statut donné par --status. Les diagnostics vont sur stderr. Code de sortie : 0 sur SIGINT/SIGTERM, 1 sur une erreur d’utilisation, 2 quand SlimFaas refuse l’enregistrement.</translation>
    </message>
    <message>
        <source>Function name to register (required).</source>
        <translation>Nom de la fonction à enregistrer (obligatoire).</translation>
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
        <source>--status must be between 100 and 599.</source>
        <translation>--status doit être compris entre 100 et 599.</translation>
    </message>
    <message>
        <source>--sync expects echo or status:CODE[:BODY], got &quot;%1&quot;.</source>
        <translation>--sync attend echo ou status:CODE[:CORPS], reçu « %1 ».</translation>
    </message>
    <message>
        <source>--max-buffer expects a number of bytes, got &quot;%1&quot;.</source>
        <translation>--max-buffer attend un nombre d’octets, reçu « %1 ».</translation>
    </message>
    <message>
        <source>With --proxy it is no function itself: it relays the connections of functions to SlimFaas unchanged, and prints every message each way, with the proxy&apos;s connection id and the function&apos;s name:
  slimfaas-tap --proxy --listen HOST:PORT --upstream ws://SLIMFAAS:5003/ws</source>
        <translation>Avec --proxy, il n’est pas lui-même une fonction : il relaie sans les modifier les connexions des fonctions vers SlimFaas, et affiche chaque message dans les deux sens, avec l’id de connexion du proxy et le nom de la fonction :
  slimfaas-tap --proxy --listen HÔTE:PORT --upstream ws://SLIMFAAS:5003/ws</translation>
    </message>
    <message>
        <source>Relay functions to SlimFaas instead of registering a function: accept their connections on ws://HOST:PORT/ws (--listen), open one connection to --upstream for each, pass every message on unchanged and print it. The function options do not apply.</source>
        <translation>Relaie des fonctions vers SlimFaas au lieu d’enregistrer une fonction : accepte leurs connexions sur ws://HÔTE:PORT/ws (--listen), ouvre une connexion vers --upstream pour chacune, transmet chaque message sans le modifier et l’affiche. Les options de fonction ne s’appliquent pas.</translation>
    </message>
    <message>
        <source>With --proxy: the address and port functions connect to (port 0 picks a free one; the URL is printed on stderr).</source>
        <translation>Avec --proxy : l’adresse et le port auxquels les fonctions se connectent (le port 0 en choisit un libre ; l’URL est affichée sur stderr).</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>hôte:port</translation>
    </message>
    <message>
        <source>With --proxy: the SlimFaas WebSocket URL each function connection is relayed to, e.g. ws://slimfaas:5003/ws.</source>
        <translation>Avec --proxy : l’URL WebSocket de SlimFaas vers laquelle chaque connexion de fonction est relayée, p. ex. ws://slimfaas:5003/ws.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>With --proxy: bytes that may wait for a side that does not read before the proxy stops reading the other side, until they are written (back-pressure; default 1048576).</source>
        <translation>Avec --proxy : octets qui peuvent attendre un côté qui ne lit pas avant que le proxy cesse de lire l’autre côté, jusqu’à ce qu’ils soient écrits (contre-pression ; par défaut 1048576).</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>octets</translation>
    </message>
    <message>
        <source>--listen and --upstream go with --proxy.</source>
        <translation>--listen et --upstream vont avec --proxy.</translation>
    </message>
    <message>
        <source>--listen: &quot;%1&quot; is not an IP address.</source>
        <translation>--listen : « %1 » n’est pas une adresse IP.</translation>
    </message>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation>impossible d’écouter sur %1:%2 : %3</translation>
    </message>
    <message>
        <source>proxy listening on %1, relaying to %2</source>
        <translation>proxy à l’écoute sur %1, relais vers %2</translation>
    </message>
    <message>
        <source>connection %1 opened, relayed to %2</source>
        <translation>connexion %1 ouverte, relayée vers %2</translation>
    </message>
    <message>
        <source>connection %1 registers as %2</source>
        <translation>la connexion %1 s’enregistre comme %2</translation>
    </message>
    <message>
        <source>connection %1 closed by %2 (%3%4)</source>
        <translation>connexion %1 fermée par %2 (%3%4)</translation>
    </message>
    <message>
        <source>SlimFaas</source>
        <translation>SlimFaas</translation>
    </message>
    <message>
        <source>the function</source>
        <translation>la fonction</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>avertissement : %1</translation>
    </message>
    <message>
        <source>SlimFaas WebSocket URL (default ws://127.0.0.1:5003/ws). Repeatable: one connection per SlimFaas node, e.g. each pod of its StatefulSet; the printed lines then carry the &quot;node&quot;.</source>
        <translation>URL WebSocket de SlimFaas (par défaut ws://127.0.0.1:5003/ws). Répétable : une connexion par nœud SlimFaas, par exemple chaque pod de son StatefulSet ; les lignes affichées portent alors le « node ».</translation>
    </message>
</context>
<context>
    <name>WebSocketProxy</name>
    <message>
        <source>connection %1: no answer from %2 within %3 ms</source>
        <translation>connexion %1 : pas de réponse de %2 en %3 ms</translation>
    </message>
    <message>
        <source>connection %1: %2 unreachable: %3</source>
        <translation>connexion %1 : %2 injoignable : %3</translation>
    </message>
    <message>
        <source>connection %1: %2 answered the handshake with more than %3 bytes of headers</source>
        <translation>connexion %1 : %2 a répondu à la poignée de main avec plus de %3 octets d’en-têtes</translation>
    </message>
    <message>
        <source>connection %1: %2 refused the handshake: %3</source>
        <translation>connexion %1 : %2 a refusé la poignée de main : %3</translation>
    </message>
    <message>
        <source>SlimFaas</source>
        <translation>SlimFaas</translation>
    </message>
    <message>
        <source>the function</source>
        <translation>la fonction</translation>
    </message>
    <message>
        <source>connection %1%2: a message over %3 bytes from %4: both sides closed</source>
        <translation>connexion %1%2 : un message de plus de %3 octets venant de %4 : les deux côtés fermés</translation>
    </message>
    <message>
        <source>connection %1: %2 sent a frame that is not RFC 6455&apos;s; relayed from now on without being read</source>
        <translation>connexion %1 : %2 a envoyé une trame non conforme à la RFC 6455 ; relayée désormais sans être lue</translation>
    </message>
    <message>
        <source>connection %1: %2 closed the connection before answering the handshake</source>
        <translation>connexion %1 : %2 a fermé la connexion avant de répondre à la poignée de main</translation>
    </message>
</context>
</TS>
