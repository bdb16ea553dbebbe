<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AnswerRule</name>
    <message>
        <source>answer %1</source>
        <translation>répondre %1</translation>
    </message>
    <message>
        <source>echo</source>
        <translation>écho</translation>
    </message>
    <message>
        <source>wait %1 ms, answer %2</source>
        <translation>attendre %1 ms, répondre %2</translation>
    </message>
    <message>
        <source>ask me</source>
        <translation>me demander</translation>
    </message>
    <message>
        <source>any</source>
        <translation>toutes</translation>
    </message>
    <message>
        <source>async</source>
        <translation>async</translation>
    </message>
    <message>
        <source>sync</source>
        <translation>sync</translation>
    </message>
    <message>
        <source>%1 %2 (%3) → %4</source>
        <translation>%1 %2 (%3) → %4</translation>
    </message>
</context>
<context>
    <name>AnswerRules</name>
    <message>
        <source>default: %1</source>
        <translation>par défaut : %1</translation>
    </message>
    <message>
        <source>rule %1: %2</source>
        <translation>règle %1 : %2</translation>
    </message>
</context>
<context>
    <name>AnswerRulesDialog</name>
    <message>
        <source>Answer status</source>
        <translation>Répondre un statut</translation>
    </message>
    <message>
        <source>Echo</source>
        <translation>Écho</translation>
    </message>
    <message>
        <source>Wait, then answer status</source>
        <translation>Attendre, puis répondre un statut</translation>
    </message>
    <message>
        <source>Ask me</source>
        <translation>Me demander</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Auto-answer rules</source>
        <translation>Règles de réponse automatique</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Path (glob)</source>
        <translation>Chemin (motif)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>Délai</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <source>Any other request:</source>
        <translation>Toute autre requête :</translation>
    </message>
    <message>
        <source>The first rule that matches a request answers it. Paths are matched without their leading slash; * matches anything, ? one character. Method * means any method.</source>
        <translation>La première règle qui correspond à une requête y répond. Les chemins sont comparés sans leur barre oblique initiale ; * correspond à tout, ? à un caractère. La méthode * signifie n’importe quelle méthode.</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Async</source>
        <translation>Async</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>CallRequest</name>
    <message>
        <source>sync %1 %2</source>
        <translation>sync %1 %2</translation>
    </message>
    <message>
        <source>async %1 %2</source>
        <translation>async %1 %2</translation>
    </message>
    <message>
        <source>event %1</source>
        <translation>événement %1</translation>
    </message>
    <message>
        <source> on %1</source>
        <translation> sur %1</translation>
    </message>
</context>
<context>
    <name>CallerPanel</name>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Interrompre</translation>
    </message>
    <message>
        <source>Show in traffic</source>
        <translation>Voir dans le trafic</translation>
    </message>
    <message>
        <source>SlimFaas&apos;s HTTP URL (port 5000). Empty: where this monitor&apos;s callers go, the embedded emulator&apos;s URL when there is one.</source>
        <translation>URL HTTP de SlimFaas (port 5000). Vide : celle où vont les appelants de ce moniteur, l’URL de l’émulateur intégré s’il y en a un.</translation>
    </message>
    <message>
        <source>Sync call</source>
        <translation>Appel sync</translation>
    </message>
    <message>
        <source>Async call</source>
        <translation>Appel async</translation>
    </message>
    <message>
        <source>Publish event</source>
        <translation>Publier un événement</translation>
    </message>
    <message>
        <source>hello/world</source>
        <translation>hello/world</translation>
    </message>
    <message>
        <source>name=value&amp;other=1</source>
        <translation>nom=valeur&amp;autre=1</translation>
    </message>
    <message>
        <source>Name: value, one per line</source>
        <translation>Nom: valeur, un par ligne</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Corps de la requête</translation>
    </message>
    <message>
        <source>Close the connection of the sync call; the function is not told and its request runs on.</source>
        <translation>Fermer la connexion de l’appel sync ; la fonction n’en est pas avertie et sa requête continue.</translation>
    </message>
    <message>
        <source>Element id of the async call</source>
        <translation>Element id de l’appel async</translation>
    </message>
    <message>
        <source>Filter the traffic list on this element id.</source>
        <translation>Filtrer la liste du trafic sur cet element id.</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>En-têtes de la réponse</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Corps de la réponse</translation>
    </message>
    <message>
        <source>Click to edit a call again, double-click to send it again.</source>
        <translation>Un clic pour reprendre un appel, un double-clic pour l’envoyer à nouveau.</translation>
    </message>
    <message>
        <source>SlimFaas URL</source>
        <translation>URL de SlimFaas</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Appel</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>En-têtes</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Envoyer à nouveau</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Effacer l’historique</translation>
    </message>
    <message>
        <source>event</source>
        <translation>événement</translation>
    </message>
    <message>
        <source>function</source>
        <translation>fonction</translation>
    </message>
    <message>
        <source>Event name</source>
        <translation>Nom de l’événement</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>Nom de la fonction</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a header: write one &quot;Name: value&quot; per line.</source>
        <translation>« %1 » n’est pas un en-tête : écrivez un « Nom: valeur » par ligne.</translation>
    </message>
    <message>
        <source>No SlimFaas URL to send to: type one.</source>
        <translation>Aucune URL de SlimFaas où envoyer : saisissez-en une.</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>Envoi à %1…</translation>
    </message>
    <message>
        <source>%1 · receiving…</source>
        <translation>%1 · réception…</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n byte(s) so far…</source>
        <translation>
            <numerusform>%1 · %n octet pour l’instant…</numerusform>
            <numerusform>%1 · %n octets pour l’instant…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n byte(s)</source>
        <translation>
            <numerusform>%1 · %n octet</numerusform>
            <numerusform>%1 · %n octets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Aborted after %n byte(s).</source>
        <translation>
            <numerusform>Interrompu après %n octet.</numerusform>
            <numerusform>Interrompu après %n octets.</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec : %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source> (the first %1 bytes are shown)</source>
        <translation> (les %1 premiers octets sont affichés)</translation>
    </message>
    <message>
        <source>202 · queued as %1</source>
        <translation>202 · mis en file sous %1</translation>
    </message>
    <message>
        <source>204 · delivered to its subscribers</source>
        <translation>204 · remis à ses abonnés</translation>
    </message>
    <message>
        <source>404 · nobody subscribes to this event</source>
        <translation>404 · personne n’est abonné à cet événement</translation>
    </message>
    <message>
        <source>try %1: delivered to the function</source>
        <translation>essai %1 : remis à la fonction</translation>
    </message>
    <message>
        <source>try %1: the function answered %2</source>
        <translation>essai %1 : la fonction a répondu %2</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Corps</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 ms</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Copier en curl</translation>
    </message>
    <message>
        <source>Copy this call as a curl command, to send it from a terminal.</source>
        <translation>Copier cet appel en commande curl, pour l’envoyer depuis un terminal.</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>&quot;%1&quot; should be NAME:Public or NAME:Private.</source>
        <translation>« %1 » doit être NOM:Public ou NOM:Private.</translation>
    </message>
    <message>
        <source>%1 on the embedded emulator</source>
        <translation>%1 sur l’émulateur intégré</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>ReplicasStartAsSoonAsOneFunctionRetrieveARequest</source>
        <translation>ReplicasStartAsSoonAsOneFunctionRetrieveARequest</translation>
    </message>
    <message>
        <source>Connect as a function</source>
        <translation>Se connecter comme fonction</translation>
    </message>
    <message>
        <source>(recent connections)</source>
        <translation>(connexions récentes)</translation>
    </message>
    <message>
        <source>empty: the embedded emulator; or ws://slimfaas:5003/ws</source>
        <translation>vide : l’émulateur intégré ; ou ws://slimfaas:5003/ws</translation>
    </message>
    <message>
        <source>function names, comma-separated</source>
        <translation>noms de fonctions, séparés par des virgules</translation>
    </message>
    <message>
        <source>event[:Public|Private], comma-separated</source>
        <translation>évènement[:Public|Private], séparés par des virgules</translation>
    </message>
    <message>
        <source>/path:Public|Private, comma-separated</source>
        <translation>/chemin:Public|Private, séparés par des virgules</translation>
    </message>
    <message>
        <source>SlimFaas/Configuration JSON</source>
        <translation>JSON SlimFaas/Configuration</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Récentes</translation>
    </message>
    <message>
        <source>SlimFaas URL</source>
        <translation>URL de SlimFaas</translation>
    </message>
    <message>
        <source>Function name</source>
        <translation>Nom de la fonction</translation>
    </message>
    <message>
        <source>The URL must start with ws:// or wss://, or be empty for the embedded emulator.</source>
        <translation>L’URL doit commencer par ws:// ou wss://, ou être vide pour l’émulateur intégré.</translation>
    </message>
    <message>
        <source>The function needs a name.</source>
        <translation>La fonction doit avoir un nom.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; should be PATH:Public or PATH:Private.</source>
        <translation>« %1 » doit être CHEMIN:Public ou CHEMIN:Private.</translation>
    </message>
    <message>
        <source>Configuration is not valid JSON: %1</source>
        <translation>Configuration n’est pas du JSON valide : %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid URL: %2</source>
        <translation>« %1 » n’est pas une URL valide : %2</translation>
    </message>
    <message>
        <source>The URL needs a host, as in ws://slimfaas:5003/ws.</source>
        <translation>L’URL doit avoir un hôte, comme dans ws://slimfaas:5003/ws.</translation>
    </message>
    <message>
        <source>proxy on %1 to %2</source>
        <translation>proxy sur %1 vers %2</translation>
    </message>
    <message>
        <source>Register as a function</source>
        <translation>S’enregistrer comme fonction</translation>
    </message>
    <message>
        <source>Proxy: relay other functions to SlimFaas</source>
        <translation>Proxy : relayer d’autres fonctions vers SlimFaas</translation>
    </message>
    <message>
        <source>As a proxy the monitor registers nothing: functions connect to it as they would to SlimFaas, and it shows and intercepts every message of each.</source>
        <translation>En proxy, le moniteur n’enregistre rien : les fonctions s’y connectent comme à SlimFaas, et il montre et intercepte chacun de leurs messages.</translation>
    </message>
    <message>
        <source>HOST:PORT functions connect to, e.g. 127.0.0.1:5013</source>
        <translation>HÔTE:PORT où se connectent les fonctions, par ex. 127.0.0.1:5013</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Écouter sur</translation>
    </message>
    <message>
        <source>the SlimFaas to relay to: ws://slimfaas:5003/ws</source>
        <translation>le SlimFaas vers lequel relayer : ws://slimfaas:5003/ws</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on.</source>
        <translation>« %1 » n’est pas une adresse IP où écouter.</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Copy as curl</source>
        <translation>Copier en curl</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>En-tête</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hexa</translation>
    </message>
    <message>
        <source>Copy body</source>
        <translation>Copier le corps</translation>
    </message>
    <message>
        <source>Copy headers</source>
        <translation>Copier les en-têtes</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>Copier en JSON</translation>
    </message>
    <message>
        <source>The message as one JSON line, as slimfaas-tap prints it.</source>
        <translation>Le message en une ligne JSON, comme l’affiche slimfaas-tap.</translation>
    </message>
    <message>
        <source>A curl command that sends the caller&apos;s request again.</source>
        <translation>Une commande curl qui renvoie la requête de l’appelant.</translation>
    </message>
    <message>
        <source>Body as</source>
        <translation>Corps en</translation>
    </message>
    <message>
        <source>Select a message to see its fields and body.</source>
        <translation>Sélectionnez un message pour voir ses champs et son corps.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Sens</translation>
    </message>
    <message>
        <source>in (from SlimFaas)</source>
        <translation>entrant (de SlimFaas)</translation>
    </message>
    <message>
        <source>out (to SlimFaas)</source>
        <translation>sortant (vers SlimFaas)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Correlation id</source>
        <translation>Id de corrélation</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>Essai</translation>
    </message>
    <message>
        <source>Frame flags</source>
        <translation>Drapeaux de trame</translation>
    </message>
    <message>
        <source> (end of stream)</source>
        <translation> (fin de flux)</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Corps</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>%1 bytes, first %2 kept</source>
        <translation>%1 octets, les %2 premiers conservés</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 octets</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>Répondu par</translation>
    </message>
    <message>
        <source>Not JSON (%1 at offset %2):

%3</source>
        <translation>Pas du JSON (%1 à la position %2) :

%3</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy the body, the headers or the message as JSON.</source>
        <translation>Copier le corps, les en-têtes ou le message en JSON.</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s), in the chunks that follow</source>
        <translation>
            <numerusform>%n octet, dans les morceaux qui suivent</numerusform>
            <numerusform>%n octets, dans les morceaux qui suivent</numerusform>
        </translation>
    </message>
    <message>
        <source>No body.</source>
        <translation>Pas de corps.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Filter: id, method, path, header, event…</source>
        <translation>Filtre : id, méthode, chemin, en-tête, évènement…</translation>
    </message>
    <message>
        <source>All messages</source>
        <translation>Tous les messages</translation>
    </message>
    <message>
        <source>Async</source>
        <translation>Async</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Évènements</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Keepalive</source>
        <translation>Maintien</translation>
    </message>
    <message>
        <source>In and out</source>
        <translation>Entrants et sortants</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Entrants</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Sortants</translation>
    </message>
    <message>
        <source>any</source>
        <translation>tous</translation>
    </message>
    <message>
        <source>Lowest status shown; &quot;any&quot; shows messages without one.</source>
        <translation>Plus petit statut affiché ; « tous » montre aussi les messages sans statut.</translation>
    </message>
    <message>
        <source>Highest status shown.</source>
        <translation>Plus grand statut affiché.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Only the messages of this function (its exact name).</source>
        <translation>Seulement les messages de cette fonction (son nom exact).</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Only the messages of this connection (ws-… pod name, or the proxy&apos;s connection id).</source>
        <translation>Seulement les messages de cette connexion (nom de pod ws-…, ou identifiant de connexion du proxy).</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <source>Only the messages that went through this SlimFaas node (its WebSocket URL, as the Node column shows it).</source>
        <translation>Seulement les messages passés par ce nœud SlimFaas (son URL WebSocket, comme la colonne Nœud l’affiche).</translation>
    </message>
</context>
<context>
    <name>FunctionsModel</name>
    <message>
        <source>%1 (this monitor)</source>
        <translation>%1 (ce moniteur)</translation>
    </message>
    <message>
        <source>open, not registered</source>
        <translation>ouverte, non enregistrée</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>enregistrée</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>refusée : %1</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>fermée</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d’attente</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Connection id</source>
        <translation>Identifiant de connexion</translation>
    </message>
    <message>
        <source>%1, %2, %3 parallel (%4 per pod)</source>
        <translation>%1, %2, %3 en parallèle (%4 par pod)</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>sync (deferred)</source>
        <translation>sync (reportée)</translation>
    </message>
    <message>
        <source>async (deferred)</source>
        <translation>async (reportée)</translation>
    </message>
    <message>
        <source>sync</source>
        <translation>sync</translation>
    </message>
    <message>
        <source>async</source>
        <translation>async</translation>
    </message>
    <message>
        <source>%1 safe</source>
        <translation>%1 sûr</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expirée</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>reste %1</translation>
    </message>
    <message>
        <source>SlimFaas cancels a sync call that has no response 300 s after its request body ended.</source>
        <translation>SlimFaas annule un appel synchrone sans réponse 300 s après la fin du corps de sa requête.</translation>
    </message>
    <message>
        <source>An answer is safe within 120 s. Until 300 s it counts only if SlimFaas has not polled this function&apos;s queue meanwhile.</source>
        <translation>Une réponse est sûre dans les 120 s. Jusqu’à 300 s, elle ne compte que si SlimFaas n’a pas relevé la file de cette fonction entre-temps.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>Essai</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Attente</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Temps restant</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <source>Defer</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <source>Sync response</source>
        <translation>Réponse synchrone</translation>
    </message>
    <message>
        <source>Cancel request</source>
        <translation>Annuler la requête</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>Répondre :</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <source>Content-Type: application/json</source>
        <translation>Content-Type: application/json</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Corps de la réponse</translation>
    </message>
    <message>
        <source>Load body…</source>
        <translation>Charger le corps…</translation>
    </message>
    <message>
        <source>Send response</source>
        <translation>Envoyer la réponse</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Requests that left the inbox, newest first, and why.</source>
        <translation>Les requêtes sorties de la boîte, les plus récentes d’abord, et pourquoi.</translation>
    </message>
    <message>
        <source>%1  %2 — %3</source>
        <translation>%1  %2 — %3</translation>
    </message>
    <message>
        <source>Answer not sent</source>
        <translation>Réponse non envoyée</translation>
    </message>
    <message>
        <source>Invalid header</source>
        <translation>En-tête invalide</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a header: write one &quot;Name: value&quot; per line.</source>
        <translation>« %1 » n’est pas un en-tête : écrivez un « Nom: valeur » par ligne.</translation>
    </message>
    <message>
        <source>Response not sent</source>
        <translation>Réponse non envoyée</translation>
    </message>
    <message>
        <source>Cannot read the file</source>
        <translation>Impossible de lire le fichier</translation>
    </message>
    <message>
        <source>Enter or Space: answer 200 (sync: edit the response) · a digit: type a status · D: defer · Delete: cancel a sync request</source>
        <translation>Entrée ou Espace : répondre 200 (sync : modifier la réponse) · un chiffre : saisir un statut · D : reporter · Suppr : annuler une requête sync</translation>
    </message>
    <message>
        <source>Ctrl+2, or Enter on a row</source>
        <translation>Ctrl+2, ou Entrée sur une ligne</translation>
    </message>
    <message>
        <source>Ctrl+5</source>
        <translation>Ctrl+5</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>Done: SlimFaas records success (%1).</source>
        <translation>Terminé : SlimFaas enregistre un succès (%1).</translation>
    </message>
    <message>
        <source>Failed: SlimFaas tries again after 2, 4, 8 s (at most 4 tries) (%1).</source>
        <translation>Échec : SlimFaas réessaie après 2, 4, 8 s (4 essais au plus) (%1).</translation>
    </message>
    <message>
        <source>Any status: type it and press Enter (Ctrl+T, or a digit on a row).</source>
        <translation>Tout statut : saisissez-le et appuyez sur Entrée (Ctrl+T, ou un chiffre sur une ligne).</translation>
    </message>
    <message>
        <source>Enter sends the response (Ctrl+Return from anywhere).</source>
        <translation>Entrée envoie la réponse (Ctrl+Entrée depuis n’importe où).</translation>
    </message>
    <message>
        <source>Send this response to every selected sync request (Ctrl+Return).</source>
        <translation>Envoyer cette réponse à chaque requête sync sélectionnée (Ctrl+Entrée).</translation>
    </message>
    <message>
        <source>Abort the call: the caller gets an error (Delete on a row, Ctrl+Delete).</source>
        <translation>Interrompre l’appel : l’appelant reçoit une erreur (Suppr sur une ligne, Ctrl+Suppr).</translation>
    </message>
    <message>
        <source>Response headers, one &quot;Name: value&quot; per line.</source>
        <translation>En-têtes de la réponse, un « Nom: valeur » par ligne.</translation>
    </message>
    <message>
        <source>Response body, sent as UTF-8 (or load a file).</source>
        <translation>Corps de la réponse, envoyé en UTF-8 (ou chargez un fichier).</translation>
    </message>
    <message>
        <source>Keep it in the inbox and answer later (D on a row, Ctrl+D).</source>
        <translation>La garder dans la boîte et répondre plus tard (D sur une ligne, Ctrl+D).</translation>
    </message>
    <message>
        <source>Last: %1</source>
        <translation>Dernière : %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>⚠ %1 — %2</source>
        <translation>⚠ %1 — %2</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) selected</source>
        <translation>
            <numerusform>%n requête sélectionnée</numerusform>
            <numerusform>%n requêtes sélectionnées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>: %n async</source>
        <translation>
            <numerusform> : %n async</numerusform>
            <numerusform> : %n async</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n sync</source>
        <translation>
            <numerusform>, %n sync</numerusform>
            <numerusform>, %n sync</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a request to answer it.</source>
        <translation>Sélectionnez une requête pour y répondre.</translation>
    </message>
    <message>
        <source>Nothing to answer.</source>
        <translation>Rien à répondre.</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) could not be answered (%2): %1</source>
        <translation>
            <numerusform>%n requête n’a pas pu recevoir de réponse (%2) : %1</numerusform>
            <numerusform>%n requêtes n’ont pas pu recevoir de réponse (%2) : %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) could not be answered; they may have been cancelled: %1</source>
        <translation>
            <numerusform>%n requête n’a pas pu recevoir de réponse ; elle a peut-être été annulée : %1</numerusform>
            <numerusform>%n requêtes n’ont pas pu recevoir de réponse ; elles ont peut-être été annulées : %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InterceptModel</name>
    <message>
        <source>%1 ago</source>
        <translation>il y a %1</translation>
    </message>
    <message>
        <source>Held by the rule: %1</source>
        <translation>Retenu par la règle : %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>dans %1</translation>
    </message>
    <message>
        <source>passed %1</source>
        <translation>dépassée %1</translation>
    </message>
    <message>
        <source>in</source>
        <translation>entrant</translation>
    </message>
    <message>
        <source>out</source>
        <translation>sortant</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>illisible</translation>
    </message>
    <message>
        <source>Time left before SlimFaas gives up on it: 120 s for an async try, the caller&apos;s wait for a sync call.</source>
        <translation>Temps restant avant que SlimFaas y renonce : 120 s pour un essai async, l’attente de l’appelant pour un appel sync.</translation>
    </message>
    <message>
        <source>Later messages of the same stream, held behind it in order.</source>
        <translation>Messages suivants du même flux, retenus derrière lui dans l’ordre.</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retenu</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Sens</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Behind</source>
        <translation>Derrière</translation>
    </message>
</context>
<context>
    <name>InterceptPane</name>
    <message>
        <source>&amp;Intercept</source>
        <translation>&amp;Intercepter</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Transmettre</translation>
    </message>
    <message>
        <source>Forward &amp;edited</source>
        <translation>Transmettre &amp;modifié</translation>
    </message>
    <message>
        <source>Dro&amp;p</source>
        <translation>Su&amp;pprimer</translation>
    </message>
    <message>
        <source>Forward a&amp;ll</source>
        <translation>Tout trans&amp;mettre</translation>
    </message>
    <message>
        <source>Drop all</source>
        <translation>Tout supprimer</translation>
    </message>
    <message>
        <source>Hold the messages the rules take before they are delivered. Turning it off forwards every message held.</source>
        <translation>Retenir les messages que prennent les règles avant qu’ils soient livrés. Désactiver transmet chaque message retenu.</translation>
    </message>
    <message>
        <source>R&amp;ules…</source>
        <translation>R&amp;ègles…</translation>
    </message>
    <message>
        <source>The selected message, as JSON: edit its headers, body, status, query or path, then Forward edited.</source>
        <translation>Le message sélectionné, en JSON : modifiez ses en-têtes, son corps, son statut, sa requête ou son chemin, puis Transmettre modifié.</translation>
    </message>
    <message>
        <source>The body is text when it is UTF-8 (&quot;bodyEncoding&quot;: &quot;utf8&quot;); base64 and the frame header are done on forwarding.</source>
        <translation>Le corps est du texte quand il est en UTF-8 (« bodyEncoding » : « utf8 ») ; le base64 et l’en-tête de trame sont faits à la transmission.</translation>
    </message>
    <message>
        <source>Off: every message is delivered at once.</source>
        <translation>Désactivé : chaque message est livré aussitôt.</translation>
    </message>
    <message>
        <source>On, but no rule: nothing is held. Add rules.</source>
        <translation>Activé, mais sans règle : rien n’est retenu. Ajoutez des règles.</translation>
    </message>
    <message numerus="yes">
        <source>On: %n rule(s) hold what they take.</source>
        <translation>
            <numerusform>Activé : %n règle retient ce qu’elle prend.</numerusform>
            <numerusform>Activé : %n règles retiennent ce qu’elles prennent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) held.</source>
        <translation>
            <numerusform>%n message retenu.</numerusform>
            <numerusform>%n messages retenus.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot forward the edited message</source>
        <translation>Impossible de transmettre le message modifié</translation>
    </message>
</context>
<context>
    <name>InterceptRules</name>
    <message>
        <source>in</source>
        <translation>entrant</translation>
    </message>
    <message>
        <source>out</source>
        <translation>sortant</translation>
    </message>
    <message>
        <source>any message</source>
        <translation>tout message</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>de %1</translation>
    </message>
</context>
<context>
    <name>InterceptRulesDialog</name>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <source>Intercept rules</source>
        <translation>Règles d’interception</translation>
    </message>
    <message>
        <source>both ways</source>
        <translation>dans les deux sens</translation>
    </message>
    <message>
        <source>in: to the function</source>
        <translation>entrant : vers la fonction</translation>
    </message>
    <message>
        <source>out: from the function</source>
        <translation>sortant : de la fonction</translation>
    </message>
    <message>
        <source>any message</source>
        <translation>tout message</translation>
    </message>
    <message>
        <source>any function; a glob such as order*</source>
        <translation>toute fonction ; un motif comme order*</translation>
    </message>
    <message>
        <source>any method; POST, GET…</source>
        <translation>toute méthode ; POST, GET…</translation>
    </message>
    <message>
        <source>any path; a glob such as jobs/*</source>
        <translation>tout chemin ; un motif comme jobs/*</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>&amp;Direction</source>
        <translation>&amp;Sens</translation>
    </message>
    <message>
        <source>Message &amp;type</source>
        <translation>&amp;Type de message</translation>
    </message>
    <message>
        <source>&amp;Function</source>
        <translation>&amp;Fonction</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>&amp;Méthode</translation>
    </message>
    <message>
        <source>&amp;Path</source>
        <translation>&amp;Chemin</translation>
    </message>
    <message>
        <source>A message any rule takes is held in the Intercepted list before it is delivered. Empty fields take everything.</source>
        <translation>Un message que prend une règle est retenu dans la liste Interceptés avant d’être livré. Les champs vides prennent tout.</translation>
    </message>
</context>
<context>
    <name>Interceptor</name>
    <message>
        <source>connection closed</source>
        <translation>connexion fermée</translation>
    </message>
    <message>
        <source>%1 s after the try began, SlimFaas records it as 504 and drops a later callback.</source>
        <translation>%1 s après le début de l’essai, SlimFaas l’enregistre en 504 et ignore un rappel plus tardif.</translation>
    </message>
    <message>
        <source>The caller waits %1 s at most for the function&apos;s answer to start, then SlimFaas cancels the call.</source>
        <translation>L’appelant attend au plus %1 s que la réponse de la fonction commence, puis SlimFaas annule l’appel.</translation>
    </message>
    <message>
        <source>forwarded</source>
        <translation>transmis</translation>
    </message>
    <message>
        <source>That message is no longer held.</source>
        <translation>Ce message n’est plus retenu.</translation>
    </message>
    <message>
        <source>The message is not valid JSON: %1</source>
        <translation>Le message n’est pas du JSON valide : %1</translation>
    </message>
    <message>
        <source>The message must be a JSON object.</source>
        <translation>Le message doit être un objet JSON.</translation>
    </message>
    <message>
        <source>forwarded edited</source>
        <translation>transmis modifié</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>supprimé</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inbox</source>
        <translation>Boîte de réception</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>Essayer</translation>
    </message>
    <message>
        <source>Inbox (%1)</source>
        <translation>Boîte de réception (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n oldest message(s) dropped to stay within %1 kept.</source>
        <translation>
            <numerusform>%n message le plus ancien supprimé pour rester sous %1 conservés.</numerusform>
            <numerusform>%n messages les plus anciens supprimés pour rester sous %1 conservés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Register on a SlimFaas or on the embedded emulator, as another function.</source>
        <translation>S’enregistrer sur un SlimFaas ou sur l’émulateur intégré, comme une autre fonction.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Freeze the list; messages keep being recorded and appear on resume.</source>
        <translation>Figer la liste ; les messages restent enregistrés et apparaissent à la reprise.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Auto-answer rules…</source>
        <translation>Règles de réponse automatique…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Save the captured messages as JSON Lines.</source>
        <translation>Enregistrer les messages capturés en JSON Lines.</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <source>Open a capture from the monitor or from slimfaas-tap.</source>
        <translation>Ouvrir une capture du moniteur ou de slimfaas-tap.</translation>
    </message>
    <message>
        <source>The embedded emulator cannot start: %1</source>
        <translation>L’émulateur intégré ne peut pas démarrer : %1</translation>
    </message>
    <message>
        <source>Export traffic</source>
        <translation>Exporter le trafic</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’export</translation>
    </message>
    <message>
        <source>Import traffic</source>
        <translation>Importer du trafic</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Échec de l’import</translation>
    </message>
    <message>
        <source>SlimFaas monitor — %1</source>
        <translation>Moniteur SlimFaas — %1</translation>
    </message>
    <message>
        <source>%1 of %2 messages shown</source>
        <translation>%1 messages affichés sur %2</translation>
    </message>
    <message>
        <source>New function…</source>
        <translation>Nouvelle fonction…</translation>
    </message>
    <message>
        <source>Watch one more function in a window of its own, on the same emulator or SlimFaas.</source>
        <translation>Observer une fonction de plus dans sa propre fenêtre, sur le même émulateur ou SlimFaas.</translation>
    </message>
    <message>
        <source>Watch another function</source>
        <translation>Observer une autre fonction</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Appel</translation>
    </message>
    <message>
        <source>Left the inbox</source>
        <translation>Sorties de la boîte</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>⚠ %1: %2</source>
        <translation>⚠ %1 : %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>&amp;Boîte de réception</translation>
    </message>
    <message>
        <source>Close window</source>
        <translation>Fermer la fenêtre</translation>
    </message>
    <message>
        <source>Close this window (asks first when requests are waiting).</source>
        <translation>Fermer cette fenêtre (demande d’abord si des requêtes attendent).</translation>
    </message>
    <message>
        <source>Empty the traffic list (asks first; the inbox keeps its requests).</source>
        <translation>Vider la liste du trafic (demande d’abord ; la boîte garde ses requêtes).</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>Filtrer…</translation>
    </message>
    <message>
        <source>Type a filter for the traffic list.</source>
        <translation>Saisir un filtre pour la liste du trafic.</translation>
    </message>
    <message>
        <source>Go to the traffic list</source>
        <translation>Aller à la liste du trafic</translation>
    </message>
    <message>
        <source>Put the keyboard on the traffic list.</source>
        <translation>Mettre le clavier sur la liste du trafic.</translation>
    </message>
    <message>
        <source>Go to the inbox</source>
        <translation>Aller à la boîte de réception</translation>
    </message>
    <message>
        <source>Put the keyboard on the inbox: arrows move, Enter answers 200, a digit types a status.</source>
        <translation>Mettre le clavier sur la boîte : les flèches déplacent, Entrée répond 200, un chiffre saisit un statut.</translation>
    </message>
    <message>
        <source>Answer the selected async requests 200: done.</source>
        <translation>Répondre 200 aux requêtes async sélectionnées : terminé.</translation>
    </message>
    <message>
        <source>Answer the selected async requests 500: SlimFaas tries again.</source>
        <translation>Répondre 500 aux requêtes async sélectionnées : SlimFaas réessaie.</translation>
    </message>
    <message>
        <source>Answer the selected async requests 503: SlimFaas tries again.</source>
        <translation>Répondre 503 aux requêtes async sélectionnées : SlimFaas réessaie.</translation>
    </message>
    <message>
        <source>Answer %1</source>
        <translation>Répondre %1</translation>
    </message>
    <message>
        <source>Type a status…</source>
        <translation>Saisir un statut…</translation>
    </message>
    <message>
        <source>Put the keyboard on the status box; Enter answers.</source>
        <translation>Mettre le clavier sur la zone du statut ; Entrée répond.</translation>
    </message>
    <message>
        <source>Send response</source>
        <translation>Envoyer la réponse</translation>
    </message>
    <message>
        <source>Send the sync response in the editor to the selected sync requests.</source>
        <translation>Envoyer la réponse sync de l’éditeur aux requêtes sync sélectionnées.</translation>
    </message>
    <message>
        <source>Defer</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <source>Keep the selected requests for later.</source>
        <translation>Garder les requêtes sélectionnées pour plus tard.</translation>
    </message>
    <message>
        <source>Cancel request</source>
        <translation>Annuler la requête</translation>
    </message>
    <message>
        <source>Abort the selected sync calls: their callers get an error.</source>
        <translation>Interrompre les appels sync sélectionnés : leurs appelants reçoivent une erreur.</translation>
    </message>
    <message>
        <source>Answer requests without a click, by method and path.</source>
        <translation>Répondre aux requêtes sans un clic, selon la méthode et le chemin.</translation>
    </message>
    <message>
        <source>Requests are waiting</source>
        <translation>Des requêtes attendent</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) in the inbox are waiting for an answer.</source>
        <translation>
            <numerusform>%n requête de la boîte attend une réponse.</numerusform>
            <numerusform>%n requêtes de la boîte attendent une réponse.</numerusform>
        </translation>
    </message>
    <message>
        <source>If the window closes now, SlimFaas answers the async ones 503 and sends them again, and the sync callers get an error.</source>
        <translation>Si la fenêtre se ferme maintenant, SlimFaas répond 503 aux requêtes async et les renvoie, et les appelants sync reçoivent une erreur.</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>Fermer quand même</translation>
    </message>
    <message>
        <source>Clear the traffic list</source>
        <translation>Vider la liste du trafic</translation>
    </message>
    <message numerus="yes">
        <source>Remove the %n message(s) from the list?</source>
        <translation>
            <numerusform>Retirer %n message de la liste ?</numerusform>
            <numerusform>Retirer les %n messages de la liste ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Export them first to keep them. The inbox keeps its requests.</source>
        <translation>Exportez-les d’abord pour les garder. La boîte garde ses requêtes.</translation>
    </message>
    <message>
        <source>Cannot start the emulator</source>
        <translation>Impossible de démarrer l’émulateur</translation>
    </message>
    <message>
        <source>Another program may be using the port: choose another one, or 0 for a free one.</source>
        <translation>Un autre programme utilise peut-être le port : choisissez-en un autre, ou 0 pour un port libre.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Import de %1…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n message(s) from %1.</source>
        <translation>
            <numerusform>%n message importé de %1.</numerusform>
            <numerusform>%n messages importés de %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) skipped, not messages.</source>
        <translation>
            <numerusform>%n ligne ignorée, pas un message.</numerusform>
            <numerusform>%n lignes ignorées, pas des messages.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped before the end of the file.</source>
        <translation>Arrêté avant la fin du fichier.</translation>
    </message>
    <message>
        <source>Imported rows are in italics.</source>
        <translation>Les lignes importées sont en italique.</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more.</source>
        <translation>
            <numerusform>… et %n de plus.</numerusform>
            <numerusform>… et %n de plus.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused, %n message(s) held</source>
        <translation>
            <numerusform>en pause, %n message retenu</numerusform>
            <numerusform>en pause, %n messages retenus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued in SlimFaas</source>
        <translation>
            <numerusform>%n en file dans SlimFaas</numerusform>
            <numerusform>%n en file dans SlimFaas</numerusform>
        </translation>
    </message>
    <message>
        <source>Requests SlimFaas holds for this function until one of its parallel slots is free; the inbox shows only those delivered.</source>
        <translation>Requêtes que SlimFaas garde pour cette fonction jusqu’à ce qu’une de ses places parallèles se libère ; la boîte ne montre que celles qui sont livrées.</translation>
    </message>
    <message>
        <source>Every function connected to the embedded emulator. Double-click one to show only its connection&apos;s messages.</source>
        <translation>Chaque fonction connectée à l’émulateur intégré. Double-cliquez sur l’une d’elles pour n’afficher que les messages de sa connexion.</translation>
    </message>
    <message>
        <source>Functions</source>
        <translation>Fonctions</translation>
    </message>
    <message>
        <source>Intercepted</source>
        <translation>Interceptés</translation>
    </message>
    <message>
        <source>Intercepted (%1)</source>
        <translation>Interceptés (%1)</translation>
    </message>
    <message>
        <source>In&amp;tercept</source>
        <translation>In&amp;terception</translation>
    </message>
    <message>
        <source>Intercept</source>
        <translation>Intercepter</translation>
    </message>
    <message>
        <source>Hold the messages the intercept rules take before they are delivered; off forwards every message held.</source>
        <translation>Retenir les messages que prennent les règles d’interception avant qu’ils soient livrés ; désactivé, transmet chaque message retenu.</translation>
    </message>
    <message>
        <source>Go to the Intercepted list</source>
        <translation>Aller à la liste Interceptés</translation>
    </message>
    <message>
        <source>Put the keyboard on the messages held: Enter forwards, Delete drops, E edits.</source>
        <translation>Mettre le clavier sur les messages retenus : Entrée transmet, Suppr supprime, E modifie.</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Transmettre</translation>
    </message>
    <message>
        <source>Deliver the selected held message as it is.</source>
        <translation>Livrer le message retenu sélectionné tel quel.</translation>
    </message>
    <message>
        <source>Forward edited</source>
        <translation>Transmettre modifié</translation>
    </message>
    <message>
        <source>Deliver the selected held message as its JSON now says.</source>
        <translation>Livrer le message retenu sélectionné comme son JSON le dit maintenant.</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Never deliver the selected held message (nor the rest of its stream).</source>
        <translation>Ne jamais livrer le message retenu sélectionné (ni la suite de son flux).</translation>
    </message>
    <message>
        <source>Forward all</source>
        <translation>Tout transmettre</translation>
    </message>
    <message>
        <source>Deliver every held message as it is, oldest first.</source>
        <translation>Livrer chaque message retenu tel quel, le plus ancien d’abord.</translation>
    </message>
    <message>
        <source>Drop all</source>
        <translation>Tout supprimer</translation>
    </message>
    <message>
        <source>Never deliver any of the held messages.</source>
        <translation>Ne livrer aucun des messages retenus.</translation>
    </message>
    <message>
        <source>Intercept rules…</source>
        <translation>Règles d’interception…</translation>
    </message>
    <message>
        <source>Which messages are held: by direction, type, function, method and path.</source>
        <translation>Quels messages sont retenus : selon le sens, le type, la fonction, la méthode et le chemin.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on.</source>
        <translation>« %1 » n’est pas une adresse IP où écouter.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Impossible d’écouter sur %1 : %2</translation>
    </message>
    <message>
        <source>Cannot start the proxy</source>
        <translation>Impossible de démarrer le proxy</translation>
    </message>
</context>
<context>
    <name>MonitorSession</name>
    <message>
        <source>answered %1</source>
        <translation>répondu %1</translation>
    </message>
    <message>
        <source>connection lost: SlimFaas answers it 503 and sends it again</source>
        <translation>connexion perdue : SlimFaas y répond 503 et la renvoie</translation>
    </message>
    <message>
        <source>expired: SlimFaas stopped waiting and recorded 504</source>
        <translation>expirée : SlimFaas a cessé d’attendre et a enregistré 504</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>connexion fermée</translation>
    </message>
    <message>
        <source>connection lost: the caller got an error</source>
        <translation>connexion perdue : l’appelant a reçu une erreur</translation>
    </message>
    <message>
        <source>cancelled from the inbox</source>
        <translation>annulée depuis la boîte</translation>
    </message>
    <message>
        <source>by hand: %1</source>
        <translation>à la main : %1</translation>
    </message>
    <message>
        <source>cancelled by hand</source>
        <translation>annulée à la main</translation>
    </message>
    <message>
        <source>answer refused: %1</source>
        <translation>réponse refusée : %1</translation>
    </message>
    <message>
        <source>cancelled by SlimFaas: the stream failed or timed out</source>
        <translation>annulée par SlimFaas : le flux a échoué ou expiré</translation>
    </message>
    <message>
        <source>late: SlimFaas may drop it (504)</source>
        <translation>en retard : SlimFaas peut l’abandonner (504)</translation>
    </message>
    <message>
        <source>answer refused by the client: %1</source>
        <translation>réponse refusée par le client : %1</translation>
    </message>
    <message>
        <source>ignored by SlimFaas: %1</source>
        <translation>ignorée par SlimFaas : %1</translation>
    </message>
    <message>
        <source>SlimFaas ignored a message: %1</source>
        <translation>SlimFaas a ignoré un message : %1</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expirée</translation>
    </message>
    <message>
        <source>SlimFaas recorded 504 and drops any answer now</source>
        <translation>SlimFaas a enregistré 504 et abandonne désormais toute réponse</translation>
    </message>
    <message>
        <source>recorded %1 by SlimFaas</source>
        <translation>enregistrée %1 par SlimFaas</translation>
    </message>
    <message>
        <source>SlimFaas sends it again in %1 s (try %2)</source>
        <translation>SlimFaas la renvoie dans %1 s (essai %2)</translation>
    </message>
    <message>
        <source>delivered to the caller</source>
        <translation>remise à l’appelant</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>avertissement : %1</translation>
    </message>
    <message>
        <source>caller gone</source>
        <translation>appelant parti</translation>
    </message>
    <message>
        <source>SlimFaas ignores any answer to it (and sends no SyncCancel)</source>
        <translation>SlimFaas ignore toute réponse à cette requête (et n’envoie pas de SyncCancel)</translation>
    </message>
    <message>
        <source>dropped: SlimFaas had recorded 504 already</source>
        <translation>abandonnée : SlimFaas avait déjà enregistré 504</translation>
    </message>
    <message>
        <source>never recorded: the request ends as 504</source>
        <translation>jamais enregistrée : la requête finit en 504</translation>
    </message>
    <message>
        <source>ignored: the caller had gone</source>
        <translation>ignorée : l’appelant était parti</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>SlimFaas stopped waiting for an answer after %1 s</source>
        <translation>SlimFaas a cessé d’attendre une réponse après %1 s</translation>
    </message>
    <message>
        <source>SlimFaas stopped waiting for an answer after %1 s and cancelled the call</source>
        <translation>SlimFaas a cessé d’attendre une réponse après %1 s et a annulé l’appel</translation>
    </message>
    <message>
        <source>intercepted %1 s: %2</source>
        <translation>intercepté %1 s : %2</translation>
    </message>
</context>
<context>
    <name>NodesView</name>
    <message>
        <source>Move the &amp;master to</source>
        <translation>Déplacer le maître &amp;vers</translation>
    </message>
    <message>
        <source>Ma&amp;ke master</source>
        <translation>&amp;Rendre maître</translation>
    </message>
    <message>
        <source>The node to make SlimFaas&apos;s master: the only node that dispatches async requests, to the functions connected to it.</source>
        <translation>Le nœud dont faire le maître de SlimFaas : le seul nœud qui distribue les requêtes asynchrones, aux fonctions connectées à lui.</translation>
    </message>
    <message>
        <source>Move the leadership to the chosen node, as a failover does: the former master forgets the requests it was waiting on (SlimFaas records them 504 later), the new one dispatches what waits.</source>
        <translation>Passer la direction au nœud choisi, comme lors d’un basculement : l’ancien maître oublie les requêtes dont il attendait la réponse (SlimFaas les enregistre en 504 plus tard), le nouveau distribue ce qui attend.</translation>
    </message>
    <message>
        <source>node %1</source>
        <translation>nœud %1</translation>
    </message>
    <message>
        <source>connection %1</source>
        <translation>connexion %1</translation>
    </message>
    <message>
        <source>master</source>
        <translation>maître</translation>
    </message>
</context>
<context>
    <name>RateGraph</name>
    <message>
        <source>%1 messages/s now, %2 at most in the last minute</source>
        <translation>%1 messages/s maintenant, %2 au plus dans la dernière minute</translation>
    </message>
</context>
<context>
    <name>SlimFaasMonitor</name>
    <message>
        <source>Connects to SlimFaas as a virtual function, shows every message live and lets you answer requests by hand or with auto-answer rules. Without --url it starts its own SlimFaas emulator on free local ports.</source>
        <translation>Se connecte à SlimFaas comme fonction virtuelle, montre chaque message en direct et permet de répondre aux requêtes à la main ou par des règles de réponse automatique. Sans --url, démarre son propre émulateur SlimFaas sur des ports locaux libres.</translation>
    </message>
    <message>
        <source>SlimFaas WebSocket URL, ws:// or wss://. Without it the monitor runs an embedded emulator.</source>
        <translation>URL WebSocket de SlimFaas, ws:// ou wss://. Sans elle, le moniteur lance un émulateur intégré.</translation>
    </message>
    <message>
        <source>Function name to register (default demo).</source>
        <translation>Nom de la fonction à enregistrer (demo par défaut).</translation>
    </message>
    <message>
        <source>Where callers reach SlimFaas over HTTP, for the curl lines (default: the --url host on port 5000).</source>
        <translation>Où les appelants joignent SlimFaas en HTTP, pour les lignes curl (par défaut : l’hôte de --url, port 5000).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>WebSocket port of the embedded emulator (default 0: a free one).</source>
        <translation>Port WebSocket de l’émulateur intégré (0 par défaut : un port libre).</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>HTTP port of the embedded emulator (default 0: a free one).</source>
        <translation>Port HTTP de l’émulateur intégré (0 par défaut : un port libre).</translation>
    </message>
    <message>
        <source>Messages kept before the oldest are dropped (default 1000000).</source>
        <translation>Messages conservés avant que les plus anciens soient supprimés (1000000 par défaut).</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>Seconds before --screenshot is taken (default 5).</source>
        <translation>Secondes avant la capture de --screenshot (5 par défaut).</translation>
    </message>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <source>A port is at most 65535.</source>
        <translation>Un port vaut au plus 65535.</translation>
    </message>
    <message>
        <source>--caller-url must be an http:// or https:// URL.</source>
        <translation>--caller-url doit être une URL http:// ou https://.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Impossible d’écrire %1.</translation>
    </message>
    <message>
        <source>Save a PNG of the window to this file after --screenshot-delay seconds, with the next request to answer (or the newest) selected, then quit (for documentation).</source>
        <translation>Enregistrer une image PNG de la fenêtre dans ce fichier après --screenshot-delay secondes, la prochaine requête à traiter (ou la plus récente) sélectionnée, puis quitter (pour la documentation).</translation>
    </message>
    <message>
        <source>SlimFaas nodes the embedded emulator runs (default 1), node k on the emulator ports plus k; the function connects to every one, and the status panel shows the master and moves it. With --url, give --url once per node instead.</source>
        <translation>Nombre de nœuds SlimFaas que l’émulateur intégré fait tourner (1 par défaut), le nœud k sur les ports de l’émulateur plus k ; la fonction se connecte à chacun, et le panneau d’état montre le maître et permet de le déplacer. Avec --url, donner plutôt --url une fois par nœud.</translation>
    </message>
    <message>
        <source>--nodes is at most %1.</source>
        <translation>--nodes vaut au plus %1.</translation>
    </message>
    <message>
        <source>Relay other functions to SlimFaas instead of registering one: accept their connections on ws://HOST:PORT/ws (--listen), open one connection to --upstream for each, and show (and intercept) every message both ways, as slimfaas-tap --proxy prints them. The function options do not apply.</source>
        <translation>Relayer d’autres fonctions vers SlimFaas au lieu d’en enregistrer une : accepter leurs connexions sur ws://HÔTE:PORT/ws (--listen), ouvrir une connexion vers --upstream pour chacune, et montrer (et intercepter) chaque message dans les deux sens, comme slimfaas-tap --proxy les affiche. Les options de fonction ne s’appliquent pas.</translation>
    </message>
    <message>
        <source>With --proxy: the address and port functions connect to (port 0 picks a free one, shown in the window).</source>
        <translation>Avec --proxy : l’adresse et le port où se connectent les fonctions (le port 0 en choisit un libre, affiché dans la fenêtre).</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>hôte:port</translation>
    </message>
    <message>
        <source>With --proxy: the SlimFaas WebSocket URL each function connection is relayed to, e.g. ws://slimfaas:5003/ws.</source>
        <translation>Avec --proxy : l’URL WebSocket de SlimFaas vers laquelle chaque connexion de fonction est relayée, par ex. ws://slimfaas:5003/ws.</translation>
    </message>
    <message>
        <source>--proxy relays to --upstream: --url does not go with it.</source>
        <translation>--proxy relaie vers --upstream : --url ne va pas avec.</translation>
    </message>
    <message>
        <source>--listen: &quot;%1&quot; is not an IP address.</source>
        <translation>--listen : « %1 » n’est pas une adresse IP.</translation>
    </message>
    <message>
        <source>--listen and --upstream go with --proxy.</source>
        <translation>--listen et --upstream vont avec --proxy.</translation>
    </message>
    <message>
        <source>--nodes is for the embedded emulator, not for --proxy.</source>
        <translation>--nodes est pour l’émulateur intégré, pas pour --proxy.</translation>
    </message>
    <message>
        <source>--nodes is for the embedded emulator: with --url, give --url once per node.</source>
        <translation>--nodes est pour l’émulateur intégré : avec --url, donner --url une fois par nœud.</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Disconnected</source>
        <translation>Déconnecté</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>Waiting to reconnect</source>
        <translation>En attente de reconnexion</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <source>function %1</source>
        <translation>fonction %1</translation>
    </message>
    <message>
        <source>embedded emulator %1</source>
        <translation>émulateur intégré %1</translation>
    </message>
    <message>
        <source>connection %1</source>
        <translation>connexion %1</translation>
    </message>
    <message>
        <source>connected for %1</source>
        <translation>connecté depuis %1</translation>
    </message>
    <message>
        <source>reconnecting in %1 s (attempt %2)</source>
        <translation>reconnexion dans %1 s (tentative %2)</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>refusé : %1</translation>
    </message>
    <message>
        <source>last refusal: %1</source>
        <translation>dernier refus : %1</translation>
    </message>
    <message>
        <source>in %1 · out %2 · waiting for you %3</source>
        <translation>entrant %1 · sortant %2 · en attente de vous %3</translation>
    </message>
    <message>
        <source>queued %1</source>
        <translation>en file %1</translation>
    </message>
    <message>
        <source>%1 msg/s</source>
        <translation>%1 msg/s</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>functions connect to %1</source>
        <translation>les fonctions se connectent à %1</translation>
    </message>
    <message>
        <source>relayed to %1</source>
        <translation>relayé vers %1</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connexion</numerusform>
            <numerusform>%n connexions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrafficModel</name>
    <message>
        <source>in</source>
        <translation>entrant</translation>
    </message>
    <message>
        <source>out</source>
        <translation>sortant</translation>
    </message>
    <message>
        <source>%1 (truncated)</source>
        <translation>%1 (tronqué)</translation>
    </message>
    <message numerus="yes">
        <source>Body of %n byte(s); the first %1 are kept.</source>
        <translation>
            <numerusform>Corps de %n octet ; les %1 premiers sont conservés.</numerusform>
            <numerusform>Corps de %n octets ; les %1 premiers sont conservés.</numerusform>
        </translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Dir.</source>
        <translation>Sens</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Element / correlation id</source>
        <translation>Id d’élément / de corrélation</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Corps</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>Essai</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>Répondu par</translation>
    </message>
    <message>
        <source>The file is not open for reading.</source>
        <translation>Le fichier n’est pas ouvert en lecture.</translation>
    </message>
    <message>
        <source>[%1] %2</source>
        <translation>[%1] %2</translation>
    </message>
    <message>
        <source>Imported from a capture file, not live traffic.</source>
        <translation>Importé d’un fichier de capture, pas du trafic en direct.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>ligne %1 : %2</translation>
    </message>
    <message>
        <source>not valid UTF-8</source>
        <translation>pas de l’UTF-8 valide</translation>
    </message>
    <message>
        <source>not JSON (%1 at offset %2)</source>
        <translation>pas du JSON (%1 à la position %2)</translation>
    </message>
    <message>
        <source>a JSON array, not a message object</source>
        <translation>un tableau JSON, pas un objet message</translation>
    </message>
    <message>
        <source>not a message (%1)</source>
        <translation>pas un message (%1)</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
</context>
<context>
    <name>TrafficRecord</name>
    <message>
        <source>no typeCode</source>
        <translation>pas de typeCode</translation>
    </message>
    <message>
        <source>direction must be &quot;in&quot; or &quot;out&quot;</source>
        <translation>direction doit être « in » ou « out »</translation>
    </message>
    <message>
        <source>no valid time</source>
        <translation>pas d’heure valide</translation>
    </message>
    <message>
        <source>body is not valid base64</source>
        <translation>body n’est pas du base64 valide</translation>
    </message>
</context>
<context>
    <name>TryPane</name>
    <message>
        <source>Copy all</source>
        <translation>Tout copier</translation>
    </message>
    <message>
        <source># Embedded emulator: functions connect to %1</source>
        <translation># Émulateur intégré : les fonctions se connectent à %1</translation>
    </message>
    <message>
        <source># callers send HTTP requests to %1</source>
        <translation># les appelants envoient leurs requêtes HTTP à %1</translation>
    </message>
    <message>
        <source># SlimFaas: %1</source>
        <translation># SlimFaas : %1</translation>
    </message>
    <message>
        <source># callers (assumed): %1</source>
        <translation># appelants (supposé) : %1</translation>
    </message>
    <message>
        <source># Try it from a terminal:</source>
        <translation># Essayez depuis un terminal :</translation>
    </message>
</context>
</TS>
