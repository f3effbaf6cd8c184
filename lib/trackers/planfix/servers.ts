/** The documented XML API servers (planfix.md): the key and token go to one of these, nowhere else. */
export const planfixApiServers = [
  'https://apiru.planfix.ru/xml/',
  'https://api.planfix.ru/xml/',
  'https://api.planfix.com/xml/',
  'https://api-sg.planfix.com/xml/',
  'https://api-us.planfix.com/xml/',
];
